// The sample page: one connection to the server, multiplexed over the namespaces: "/" for the board
// and the chat, "/dashboard", "/board/<id>" for the boards' notes and "/vault" (its own connection).
(function () {
	"use strict";

	const $ = (id) => document.getElementById(id);
	// "" for this page's origin; the application's URL when a second origin served the page
	const server = window.sampleServer || "";
	// the sign-in's session cookie, also when the page comes from the second origin (CORS with credentials)
	const options = { withCredentials: true };
	const socket = io(server + "/", options);
	let room = null;
	let typingTimer = null;
	let offline = false;

	$("server").textContent = server || location.origin;
	$("curl-hint").textContent = "curl -X POST " + (server || location.origin)
		+ "/api/items -H 'Content-Type: application/json' -d '{\"name\":\"Tea\",\"quantity\":5}'";
	$("sign-in").href = server + "/signin?to=" + encodeURIComponent(location.origin);
	$("sign-out").href = server + "/logout";

	const transports = [];

	// Shows the transports this page used, in order: "polling → websocket" once upgraded.
	function showTransport() {
		const name = socket.io.engine ? socket.io.engine.transport.name : null;
		if (name && transports[transports.length - 1] !== name) {
			transports.push(name);
		}
		$("transport").textContent = transports.join(" → ") || "-";
	}

	// from the Engine.IO handshake on: the upgrade may complete before the namespace's "connect"
	socket.io.on("open", () => {
		transports.length = 0;
		showTransport();
		socket.io.engine.on("upgrade", showTransport);
	});

	socket.on("connect", () => {
		$("status").textContent = socket.recovered ? "connected (recovered)" : "connected";
		showTransport();
		if (socket.recovered) {
			$("recovery").textContent = "Recovered: the same socket id, its rooms, and the events sent meanwhile.";
		} else if (room) {
			$("recovery").textContent = "Not recovered: a new session, the room joined again.";
			socket.emit("join", { room }, () => {});
		}
	});
	socket.on("disconnect", (reason) => {
		$("status").textContent = "disconnected (" + reason + ")";
	});
	socket.on("connect_error", (err) => {
		$("status").textContent = "error: " + err.message;
	});

	socket.on("me", (me) => {
		$("me").textContent = me.signedIn ? me.name : me.name + " (guest)";
		$("sign-in").hidden = me.signedIn;
		$("sign-out").hidden = !me.signedIn;
	});

	// Simulated network loss: the connection closes without a Socket.IO disconnect, as when the
	// network goes away, and stays closed until the button is clicked again; the server keeps the
	// socket's state meanwhile (socketio.connection-state-recovery) and replays what it missed.
	$("network").onclick = () => {
		offline = !offline;
		if (offline) {
			socket.io.reconnection(false);
			socket.io.engine.close();
			$("network").textContent = "Restore network";
			$("recovery").textContent = "Offline: what others send meanwhile arrives once the network is back.";
		} else {
			socket.io.reconnection(true);
			socket.connect();
			$("network").textContent = "Simulate network loss";
		}
	};

	// Live board: the REST API changes items, the server pushes dataUpdated to everyone.
	const items = new Map();

	function api(path, init) {
		return fetch(server + path, Object.assign({ credentials: "include" }, init));
	}

	function renderItems() {
		const rows = [...items.values()].sort((a, b) => a.id - b.id).map((item) => {
			const row = document.createElement("tr");
			row.dataset.id = item.id;
			row.innerHTML = "<td></td><td class=\"name\"></td><td class=\"quantity\"></td><td></td>";
			row.children[0].textContent = item.id;
			row.children[1].textContent = item.name;
			row.children[2].textContent = item.quantity;
			const remove = document.createElement("button");
			remove.textContent = "Delete";
			remove.onclick = () => api("/api/items/" + item.id, { method: "DELETE" });
			row.children[3].appendChild(remove);
			return row;
		});
		$("items").replaceChildren(...rows);
	}

	api("/api/items").then((response) => response.json()).then((list) => {
		list.forEach((item) => items.set(item.id, item));
		renderItems();
	}).catch((error) => {
		$("board-error").textContent = "Could not load the board: " + error.message;
	});

	socket.on("dataUpdated", (change) => {
		if (change.kind === "DELETED") {
			items.delete(change.item.id);
		} else {
			items.set(change.item.id, change.item);
		}
		renderItems();
		const entry = document.createElement("li");
		entry.textContent = change.kind.toLowerCase() + ": " + change.item.name;
		$("changes").prepend(entry);
	});

	$("item-form").onsubmit = (event) => {
		event.preventDefault();
		const body = { name: $("item-name").value, quantity: Number($("item-quantity").value) };
		api("/api/items", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
			.then((response) => response.ok ? response.json() : response.json().then((problem) => Promise.reject(problem)))
			.then(() => { $("board-error").textContent = ""; $("item-name").value = ""; })
			.catch((problem) => { $("board-error").textContent = problem.detail || problem.message || "Invalid item"; });
	};

	// Chat rooms
	function log(className, ...children) {
		const entry = document.createElement("li");
		entry.className = className;
		entry.append(...children);
		$("messages").appendChild(entry);
		$("messages").scrollTop = $("messages").scrollHeight;
		return entry;
	}

	$("room-form").onsubmit = (event) => {
		event.preventDefault();
		const next = $("room").value.trim();
		if (room && room !== next) {
			socket.emit("leave", { room });
		}
		socket.emit("join", { room: next }, (joined) => {
			if (joined.error) {
				$("room-status").textContent = joined.error;
				return;
			}
			room = joined.room;
			$("room-status").textContent = "In room " + joined.room + " (" + joined.members + " here)";
			showMembers();
		});
	};

	$("message-form").onsubmit = (event) => {
		event.preventDefault();
		const text = $("message").value;
		if (!room || !text) {
			return;
		}
		socket.timeout(5000).emit("message", { room, text }, (err, ack) => {
			if (err || !ack.delivered) {
				$("room-status").textContent = err ? "Not acknowledged" : (ack.error || "Not delivered");
				return;
			}
			$("message").value = "";
		});
		socket.emit("typing", { room, typing: false });
	};

	$("message").oninput = () => {
		if (!room) {
			return;
		}
		socket.emit("typing", { room, typing: true });
		clearTimeout(typingTimer);
		typingTimer = setTimeout(() => socket.emit("typing", { room, typing: false }), 1500);
	};

	socket.on("message", (line) => {
		log("message", line.from + ": " + line.text);
	});

	socket.on("notice", (notice) => {
		log("notice", notice.room + ": " + notice.text);
	});

	// by room: the members of a room the page joins may arrive before the acknowledgement of its join
	const members = new Map();

	function showMembers() {
		$("members").textContent = (room && members.has(room)) ? members.get(room).join(", ") : "-";
	}

	socket.on("members", (list) => {
		members.set(list.room, list.members);
		showMembers();
	});

	socket.on("typing", (typing) => {
		$("typing").textContent = typing.typing ? typing.from + " is typing..." : "";
	});

	socket.on("presence", (presence) => {
		$("online").textContent = presence.online.join(", ");
	});

	// Images: sent as an ArrayBuffer, which socket.io sends as a binary attachment; the server
	// receives byte[] and sends the image on to the room as binary, shown here from a Blob.
	const MAX_MESSAGE = 1000000; // socketio.max-http-buffer-size: a larger message would close the connection

	function sendImage(file) {
		if (!room) {
			$("image-status").textContent = "Join a room first";
			return;
		}
		if (file.size > MAX_MESSAGE) {
			$("image-status").textContent = file.name + " is larger than 1 MB, the most a message may carry";
			return;
		}
		file.arrayBuffer().then((data) => {
			socket.timeout(10000).emit("image", { room, type: file.type, data }, (err, ack) => {
				if (err) {
					$("image-status").textContent = "Not acknowledged";
				} else if (ack.data && ack.data.reason === "unauthenticated") {
					$("image-status").textContent = "Sign in to send images";
				} else {
					$("image-status").textContent = ack.delivered ? "" : ack.error;
				}
			});
		});
	}

	socket.on("image", (image) => {
		const picture = document.createElement("img");
		picture.alt = "image from " + image.from;
		picture.src = URL.createObjectURL(new Blob([image.data], { type: image.type }));
		log("image", image.from + ": ", picture);
	});

	$("image").onchange = () => {
		if ($("image").files.length) {
			sendImage($("image").files[0]);
		}
		$("image").value = "";
	};
	$("chat").ondragover = (event) => {
		event.preventDefault();
	};
	$("chat").ondrop = (event) => {
		event.preventDefault();
		if (event.dataTransfer.files.length) {
			sendImage(event.dataTransfer.files[0]);
		}
	};

	// Boards: a dynamic namespace per board, /board/<id>, on the same connection
	let board = null;
	const notes = new Map();

	// by id: after a recovery, the notes missed meanwhile may come along with the board's full list
	function renderNotes() {
		const entries = [...notes.values()].sort((a, b) => a.id - b.id).map((note) => {
			const entry = document.createElement("li");
			entry.textContent = note.author + ": " + note.text;
			return entry;
		});
		$("notes-list").replaceChildren(...entries);
	}

	$("notes-board-form").onsubmit = (event) => {
		event.preventDefault();
		const id = $("notes-board").value.trim();
		if (board) {
			board.off();
			board.disconnect();
		}
		notes.clear();
		renderNotes();
		board = io(server + "/board/" + id, options);
		board.on("connect", () => {
			$("notes-status").textContent = "Board " + id + " (namespace " + board.nsp + ")";
		});
		board.on("connect_error", (err) => {
			$("notes-status").textContent = "Refused: " + err.message + (err.data ? " (" + err.data.reason + ")" : "");
			board.disconnect();
		});
		board.on("notes", (list) => {
			notes.clear();
			list.forEach((note) => notes.set(note.id, note));
			renderNotes();
		});
		board.on("note", (note) => {
			notes.set(note.id, note);
			renderNotes();
		});
	};

	$("note-form").onsubmit = (event) => {
		event.preventDefault();
		const text = $("note").value;
		if (!board || !board.connected || !text) {
			return;
		}
		board.emit("note", { text }, (ack) => {
			if (ack.error) {
				$("notes-status").textContent = ack.error;
				return;
			}
			$("note").value = "";
		});
	};

	// Dashboard: samples pushed every second, charted as inline SVG (no library, no CDN)
	const dashboard = io(server + "/dashboard", options);
	const samples = [];
	const WINDOW = 60;
	let received = 0;

	function chart(id, series) {
		const svg = $(id);
		const max = Math.max(1, ...series.flatMap((line) => samples.map(line.value)));
		const lines = series.map((line) => {
			const points = samples.map((sample, i) => {
				const x = (WINDOW - samples.length + i) * 300 / (WINDOW - 1);
				const y = 58 - line.value(sample) * 54 / max;
				return x.toFixed(1) + "," + y.toFixed(1);
			});
			return "<polyline class=\"" + line.className + "\" points=\"" + points.join(" ") + "\"/>";
		});
		svg.innerHTML = "<text x=\"2\" y=\"10\">" + max + "</text>" + lines.join("");
		svg.dataset.points = samples.length;
	}

	function drawDashboard() {
		const last = samples[samples.length - 1];
		if (!last) {
			return;
		}
		$("dash-count").textContent = received;
		$("dash-connections").textContent = last.connections;
		$("dash-events-in").textContent = last.eventsIn;
		$("dash-events-out").textContent = last.eventsOut;
		$("dash-heap").textContent = last.heapMegabytes;
		chart("chart-connections", [{ value: (s) => s.connections, className: "first" }]);
		chart("chart-events", [{ value: (s) => s.eventsIn, className: "first" }, { value: (s) => s.eventsOut, className: "second" }]);
		chart("chart-heap", [{ value: (s) => s.heapMegabytes, className: "first" }]);
	}

	dashboard.on("history", (history) => {
		samples.splice(0, samples.length, ...history.slice(-WINDOW));
		drawDashboard();
	});
	dashboard.on("sample", (sample) => {
		received++;
		samples.push(sample);
		if (samples.length > WINDOW) {
			samples.shift();
		}
		drawDashboard();
	});

	// Private namespace: a connection of its own, with the token the visitor typed as its auth
	$("vault-form").onsubmit = (event) => {
		event.preventDefault();
		const vault = io(server + "/vault", Object.assign({ auth: { token: $("vault-token").value },
			reconnection: false, forceNew: true }, options));
		vault.on("connect_error", (err) => {
			$("vault-status").textContent = "Refused: " + err.message + " (" + (err.data && err.data.reason) + ")";
			vault.close();
		});
		vault.on("connect", () => {
			vault.emit("secret", (answer) => {
				$("vault-status").textContent = answer.secret;
				vault.close();
			});
		});
	};
}());
