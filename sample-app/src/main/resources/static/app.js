// The sample page: one socket on the main namespace for the board and the chat, one on /vault.
(function () {
	"use strict";

	const $ = (id) => document.getElementById(id);
	const params = new URLSearchParams(location.search);
	const name = params.get("name") || "";
	const socket = io({ auth: name ? { name } : {} });
	let room = null;
	let typingTimer = null;

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
		showTransport();
		socket.io.engine.on("upgrade", showTransport);
	});

	socket.on("connect", () => {
		$("status").textContent = "connected";
		showTransport();
		if (room) {
			socket.emit("join", { room }, () => {});
		}
	});
	socket.on("disconnect", (reason) => {
		$("status").textContent = "disconnected (" + reason + ")";
	});
	socket.on("connect_error", (err) => {
		$("status").textContent = "error: " + err.message;
	});

	// Live board: the REST API changes items, the server pushes dataUpdated to everyone.
	const items = new Map();

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
			remove.onclick = () => fetch("/api/items/" + item.id, { method: "DELETE" });
			row.children[3].appendChild(remove);
			return row;
		});
		$("items").replaceChildren(...rows);
	}

	fetch("/api/items").then((response) => response.json()).then((list) => {
		list.forEach((item) => items.set(item.id, item));
		renderItems();
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
		fetch("/api/items", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
			.then((response) => response.ok ? response.json() : response.json().then((problem) => Promise.reject(problem)))
			.then(() => { $("board-error").textContent = ""; $("item-name").value = ""; })
			.catch((problem) => { $("board-error").textContent = problem.detail || "Invalid item"; });
	};

	// Chat rooms
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
		const entry = document.createElement("li");
		entry.textContent = line.from + ": " + line.text;
		$("messages").appendChild(entry);
	});

	socket.on("typing", (typing) => {
		$("typing").textContent = typing.typing ? typing.from + " is typing..." : "";
	});

	socket.on("presence", (presence) => {
		$("online").textContent = presence.online.join(", ");
		$("me").textContent = name || "a guest";
	});

	// Private namespace
	$("vault-form").onsubmit = (event) => {
		event.preventDefault();
		const vault = io("/vault", { auth: { token: $("vault-token").value }, reconnection: false });
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
