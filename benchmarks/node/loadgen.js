'use strict';
// Load generator: raw Engine.IO v4 / Socket.IO v5 frames over `ws` and `node:http`, no client
// library per connection. One scenario per run; prints one line "RESULT {json}" at the end.
//
//   node loadgen.js --port 8080 --scenario echo|fanout|idle|polling|slowreaders|slowloris|heartbeat|handshakes [--clients N]
//        [--warmup S] [--duration S] [--rate R] [--payload BYTES] [--slow M] [--pid SERVER_PID]
//        [--gc-cmd "jcmd PID GC.run"] [--port2 PORT --pid2 SERVER_PID]
//
// --port2 (fanout): a second server node of a cluster; the clients are spread over both ports
// (even indexes on --port, odd on --port2), the broadcasts are sent from a client of --port, and
// the report adds, for each node, the CPU per delivery to its own clients (--pid, --pid2) and the
// p50/p99 latency of its clients.
// --rate: fan-out broadcasts per second (fanout, slowreaders) or echoes per client per second
// (polling). --slow: the clients of slowreaders that stop reading (besides the --clients healthy
// ones), each after asking for --slow-bytes of echo acks (64 KB each) that it never reads; the
// server must answer GET /stats with {"clients": <open Engine.IO sessions>}.
// --senders: the fanout clients that take turns sending the broadcasts (1: the first client only).
// --pid: the server process, read from /proc over the measured window (CPU, RSS, threads).
// Every phase is bounded in time; the process exits by itself.
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const { execSync } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const WebSocket = require('ws');

const args = parseArgs(process.argv.slice(2));
const PORT = Number(args.port || 8080);
const HOST = '127.0.0.1';
const SCENARIO = args.scenario || 'echo';
const DEFAULT_CLIENTS = { echo: 100, fanout: 2000, idle: 10000, polling: 1000, slowreaders: 200, slowloris: 200,
  heartbeat: 10000, handshakes: 50000 };
const CLIENTS = Number(args.clients || DEFAULT_CLIENTS[SCENARIO]);
const WARMUP = Number(args.warmup ?? 10);
const DURATION = Number(args.duration ?? 20);
const RATE = Number(args.rate || (['fanout', 'slowreaders'].includes(SCENARIO) ? 20 : 0.5));
const PAYLOAD = 'x'.repeat(Number(args.payload || (SCENARIO === 'slowreaders' ? 1000 : 64)));
const SLOW = Number(args.slow || 50);
const SENDERS = Number(args.senders || 1);
const SLOW_BYTES = Number(args['slow-bytes'] || 3_000_000);
// slowreaders, for a diagnosis: clients that stop reading in the middle of the warm-up (asking for
// --slow-bytes of acks, as the measured ones), so that the server has closed a non-reader before the
// window: its first one is not measured (the first run of every path a non-reader takes)
const WARMUP_SLOW = Number(args['warmup-slow'] || 0);
const PID = args.pid ? Number(args.pid) : 0;
const PORTS = args.port2 ? [PORT, Number(args.port2)] : [PORT];
const PIDS = args.pid2 ? [PID, Number(args.pid2)] : [PID];
const CONNECT_TIMEOUT_MS = Number(args['connect-timeout'] || 120) * 1000;
const CONNECT_CONCURRENCY = 100;
const PATH = '/socket.io/?EIO=4&transport=';
const CLK_TCK = 100;

const errors = { connect: 0, closed: 0, protocol: 0, missing: 0, http: 0 };
let measuring = false;
let finished = false;
const latencies = new Float64Array(4_000_000);
let latencyCount = 0;
let latencySeen = 0;
// slowreaders: the latencies of each second of the window, by arrival (p50/p99/max per second in
// the result, with the window's wall-clock start, to line them up with a server's GC log)
const latencySeconds = [];
let windowStart = 0;

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) out[argv[i].replace(/^--/, '')] = argv[i + 1];
  return out;
}

function recordLatency(ms) {
  latencySeen++;
  if (latencyCount < latencies.length) latencies[latencyCount++] = ms;
  else {
    const j = Math.floor(Math.random() * latencySeen);
    if (j < latencies.length) latencies[j] = ms;
  }
}

function recordLatencyBySecond(now, ms) {
  const sec = Math.floor((now - windowStart) / 1000);
  (latencySeconds[sec] ||= []).push(ms);
}

function latencyBySecond() {
  return Array.from(latencySeconds, (values, sec) => {
    const sorted = Float64Array.from(values || []).sort();
    return { sec, n: sorted.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function procSample(pid = PID) {
  if (!pid) return null;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number((status.match(new RegExp(`^${name}:\\s+(\\d+)`, 'm')) || [])[1] || 0);
  return {
    cpuSec: (Number(rest[11]) + Number(rest[12])) / CLK_TCK,
    rssKb: field('VmRSS'),
    threads: field('Threads'),
  };
}

function collectGarbage() {
  if (args['gc-cmd']) {
    try { execSync(args['gc-cmd'], { stdio: 'ignore', timeout: 30_000 }); } catch { /* reported by the numbers */ }
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- WebSocket client (raw frames)

class WsClient {
  constructor(index, handlers, port = PORT) {
    this.index = index;
    this.handlers = handlers;
    this.port = port;
    this.connected = false;
    this.nextAck = 0;
    this.pendingAck = -1;
    this.sentAt = 0;
  }

  open() {
    return new Promise((resolve) => {
      let settled = false;
      const done = (ok) => { if (!settled) { settled = true; resolve(ok); } };
      const ws = new WebSocket(`ws://${HOST}:${this.port}${PATH}websocket`, { perMessageDeflate: false });
      this.ws = ws;
      const timer = setTimeout(() => { errors.connect++; done(false); ws.terminate(); }, 30_000);
      ws.on('message', (data) => {
        const c0 = data[0];
        if (c0 === 0x34) { // '4' message
          const c1 = data[1];
          if (c1 === 0x33) this.handlers.onAck(this, data);
          else if (c1 === 0x32) this.handlers.onEvent(this, data);
          else if (c1 === 0x30) { // '40{...}' namespace connected
            this.connected = true;
            clearTimeout(timer);
            done(true);
          } else errors.protocol++;
        } else if (c0 === 0x32) { // ping -> pong
          if (this.handlers.onPing) this.handlers.onPing(this);
          if (!this.silent) ws.send('3');
        }
        else if (c0 === 0x30) ws.send('40'); // open -> Socket.IO CONNECT to "/"
        else errors.protocol++;
      });
      ws.on('error', () => { if (!settled) { errors.connect++; clearTimeout(timer); done(false); } });
      ws.on('close', () => {
        if (this.handlers.onClose) this.handlers.onClose(this);
        else if (this.connected && !finished) errors.closed++;
        this.connected = false;
        clearTimeout(timer);
        done(false);
      });
    });
  }

  send(text) { this.ws.send(text); }

  close() { try { this.ws.terminate(); } catch { /* closing */ } }
}

async function openAll(count, factory) {
  const clients = [];
  let next = 0;
  const deadline = Date.now() + CONNECT_TIMEOUT_MS;
  async function worker() {
    while (next < count && Date.now() < deadline) {
      const client = factory(next++);
      if (await client.open()) clients.push(client);
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  return clients;
}

// Reads the ack id of "43<id>[...]".
function ackId(data) {
  let id = 0;
  for (let i = 2; i < data.length; i++) {
    const c = data[i];
    if (c < 0x30 || c > 0x39) return id;
    id = id * 10 + (c - 0x30);
  }
  return id;
}

// ---------------------------------------------------------------- scenarios

async function echo() {
  let count = 0;
  const sendEcho = (client) => {
    if (finished) return;
    const id = client.nextAck++;
    client.pendingAck = id;
    client.sentAt = performance.now();
    client.send(`42${id}["echo",{"c":${client.index},"d":"${PAYLOAD}"}]`);
  };
  const handlers = {
    onAck(client, data) {
      const now = performance.now();
      if (ackId(data) !== client.pendingAck) { errors.protocol++; return; }
      client.pendingAck = -1;
      if (measuring) { count++; recordLatency(now - client.sentAt); }
      sendEcho(client);
    },
    onEvent() { errors.protocol++; },
  };
  const clients = await openAll(CLIENTS, (i) => new WsClient(i, handlers));
  clients.forEach(sendEcho);
  const window = await measureWindow(() => count);
  finished = true;
  // Every client must have had its last echo answered within a second of the window's end.
  await sleep(1000);
  errors.missing += clients.filter((c) => c.pendingAck !== -1).length;
  clients.forEach((c) => c.close());
  return { ...window, connections: clients.length, messages: count };
}

async function fanout() {
  const sentAt = new Map(); // seq -> send time, for broadcasts sent inside the window
  let delivered = 0;
  let expected = 0;
  const windowByNode = PORTS.map(() => 0); // deliveries inside the window, per node
  const latenciesByNode = PORTS.map(() => []); // latencies of the measured broadcasts, per node
  // --dump FILE (a diagnosis): per measured broadcast and node, the first and last delivery's latency
  const DUMP = args.dump;
  const perBroadcast = {};
  const handlers = {
    onAck() { errors.protocol++; },
    onEvent(client, data) {
      // 42["fan",{"s":<seq>,"d":"..."}]
      const text = data.toString();
      const start = text.indexOf('"s":');
      if (!text.startsWith('42["fan",') || start < 0) { errors.protocol++; return; }
      const seq = parseInt(text.slice(start + 4), 10);
      // an order-sensitive hash of every broadcast this client received: equal for equal orders
      client.orderHash = (Math.imul(client.orderHash || 0, 31) + seq) | 0;
      client.received = (client.received || 0) + 1;
      const t = sentAt.get(seq);
      const node = client.port === PORT ? 0 : 1;
      if (t !== undefined) {
        const ms = performance.now() - t;
        delivered++;
        recordLatency(ms);
        latenciesByNode[node].push(ms);
        if (DUMP) {
          const b = (perBroadcast[seq] ||= [[Infinity, 0, 0], [Infinity, 0, 0]])[node];
          b[0] = Math.min(b[0], ms); b[1] = Math.max(b[1], ms); b[2]++;
        }
      }
      if (measuring) windowByNode[node]++;
    },
  };
  const clients = await openAll(CLIENTS, (i) => new WsClient(i, handlers, PORTS[i % PORTS.length]));
  // the senders are clients of the first node (of --port)
  const senders = clients.filter((c) => c.port === PORT);
  let seq = 0;
  let sent = 0;
  const started = performance.now();
  const ticker = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    while (sent < due && !finished) {
      const s = seq++;
      if (measuring) { sentAt.set(s, performance.now()); expected += clients.length; }
      senders[s % SENDERS].send(`42["fanout",{"s":${s},"d":"${PAYLOAD}"}]`);
      sent++;
    }
  }, 5);
  const window = await measureWindow(() => delivered);
  clearInterval(ticker);
  // Let the broadcasts sent inside the window arrive (bounded), then count what is missing.
  const drainDeadline = Date.now() + 10_000;
  while (delivered < expected && Date.now() < drainDeadline) await sleep(100);
  finished = true;
  errors.missing += expected - delivered;
  const lateDelivered = delivered - window.messages;
  clients.forEach((c) => c.close());
  // clients that received every broadcast, and how many distinct orders they saw them in
  const complete = clients.filter((c) => c.received === sent);
  const distinctOrders = new Set(complete.map((c) => c.orderHash)).size;
  if (DUMP) {
    const rows = [...sentAt.entries()].map(([s, t]) => ({ s, t: Math.round(performance.timeOrigin + t), nodes: perBroadcast[s] || null }));
    fs.writeFileSync(DUMP, JSON.stringify(rows));
  }
  const out = { ...window, connections: clients.length, broadcasts: sentAt.size, expected, delivered, lateDelivered,
    senders: SENDERS, completeClients: complete.length, distinctOrders };
  if (window.nodeCpuSec) {
    // each node's CPU over the window per delivery to its own clients, and the latencies of its
    // clients (node 1 delivers locally, node 2 what arrives from the other node)
    out.nodes = window.nodeCpuSec.map((cpuSec, n) => {
      const sorted = Float64Array.from(latenciesByNode[n]).sort();
      return { cpuSec, deliveries: windowByNode[n], cpuPerDeliveryUs: windowByNode[n] > 0 ? (cpuSec * 1e6) / windowByNode[n] : null,
        p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99) };
    });
  }
  return out;
}

async function idle() {
  collectGarbage();
  const before = procSample();
  const t0 = performance.now();
  const handlers = { onAck() { errors.protocol++; }, onEvent() { errors.protocol++; } };
  const clients = await openAll(CLIENTS, (i) => new WsClient(i, handlers));
  const openSec = (performance.now() - t0) / 1000;
  const opened = procSample();
  const window = await measureWindow(() => 0);
  collectGarbage();
  const after = procSample();
  const held = clients.filter((c) => c.connected).length;
  finished = true;
  clients.forEach((c) => c.close());
  const result = { ...window, connections: held, openSec };
  if (before) {
    result.baselineRssKb = before.rssKb;
    result.rssKb = after.rssKb;
    result.rssPerConnKb = (after.rssKb - before.rssKb) / Math.max(1, held);
    result.cpuPerOpenMs = ((opened.cpuSec - before.cpuSec) * 1000) / Math.max(1, clients.length);
    result.threads = after.threads;
  }
  return result;
}

// Clients that stop reading among healthy ones: every client joins the room, one healthy client
// broadcasts `fanout` at --rate; once all are connected, and after the warm-up (the --slow clients
// running a loop of the same echoes, reading the acks), each of the --slow clients asks for
// --slow-bytes of echo acks and stops reading its socket (the acks fill its buffers), while the
// healthy ones keep answering pings. Reports the healthy clients'
// largest gap between two pings, the fan-out latency, and how long after they stopped reading the
// server's session count (GET /stats) dropped by the first and by all of the non-readers.
function stats() {
  return new Promise((resolve) => {
    const req = http.get({ host: HOST, port: PORT, path: '/stats', timeout: 2000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => { try { resolve(JSON.parse(Buffer.concat(chunks).toString()).clients); } catch { resolve(null); } });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

async function slowreaders() {
  const pings = new Map(); // healthy client -> time of its last ping
  let maxGapMs = 0;
  const gaps = [];
  let delivered = 0;
  const sentAt = new Map();
  const healthyHandlers = {
    onAck() { errors.protocol++; },
    onPing(client) {
      const now = performance.now();
      const last = pings.get(client);
      if (last !== undefined && measuring) { maxGapMs = Math.max(maxGapMs, now - last); gaps.push(now - last); }
      pings.set(client, now);
    },
    onEvent(client, data) {
      const text = data.toString();
      const start = text.indexOf('"s":');
      if (!text.startsWith('42["fan",') || start < 0) { errors.protocol++; return; }
      const t = sentAt.get(parseInt(text.slice(start + 4), 10));
      if (t !== undefined && measuring) {
        const now = performance.now();
        delivered++;
        recordLatency(now - t);
        recordLatencyBySecond(now, now - t);
      }
    },
  };
  const slowHandlers = { onAck() {}, onEvent() {} };
  const healthy = await openAll(CLIENTS, (i) => new WsClient(i, healthyHandlers));
  const slow = await openAll(SLOW, (i) => new WsClient(CLIENTS + i, slowHandlers));
  const warmupSlow = await openAll(WARMUP_SLOW, (i) => new WsClient(CLIENTS + SLOW + i, slowHandlers));
  const baseline = (await stats()) - warmupSlow.length;
  const sender = healthy[0];
  let seq = 0;
  const started = performance.now();
  const ticker = setInterval(() => {
    const due = Math.floor(((performance.now() - started) / 1000) * RATE);
    while (seq < due && !finished) {
      const s = seq++;
      sentAt.set(s, performance.now());
      sender.send(`42["fanout",{"s":${s},"d":"${PAYLOAD}"}]`);
    }
  }, 5);
  const chunk = 'y'.repeat(64 * 1024);
  // warm-up (--warmup s, as in every scenario): the paths of the measured window on a warm server,
  // the broadcasts running and the clients that will stop reading each running a loop of the same
  // 64 KB echoes, reading their acks, one every 100 ms at most (so that the warm-up does not
  // saturate the server in the way the window measures)
  if (WARMUP > 0) {
    let warming = true;
    for (const client of slow) {
      let sentAtMs = 0;
      const send = () => {
        if (!warming) return;
        sentAtMs = performance.now();
        client.send(`42${client.nextAck++}["echo","${chunk}"]`);
      };
      const next = () => setTimeout(send, Math.max(0, 100 - (performance.now() - sentAtMs)));
      client.handlers = { onAck: next, onEvent() {} };
      send();
    }
    await sleep((WARMUP * 1000) / 2);
    stopReading(warmupSlow);
    await sleep((WARMUP * 1000) / 2);
    warming = false;
    for (const client of slow) client.handlers = slowHandlers;
  }
  // the non-readers ask for acks they will not read, and stop reading; they are closed by the
  // server, which they cannot see
  function stopReading(clients) {
    for (const client of clients) {
      client.connected = false;
      if (typeof client.ws.pause === 'function') client.ws.pause(); else client.ws._socket.pause();
      for (let sent = 0; sent < SLOW_BYTES; sent += chunk.length) client.send(`42${sent}["echo","${chunk}"]`);
    }
  }
  stopReading(slow);
  const t0 = performance.now();
  windowStart = t0;
  const windowStartEpochMs = Date.now();
  measuring = true;
  let firstClosedSec = null;
  let allClosedSec = null;
  const genStart = process.cpuUsage();
  const start = procSample();
  while ((performance.now() - t0) / 1000 < DURATION) {
    await sleep(100);
    const count = await stats();
    if (count === null || baseline === null) { errors.http++; continue; }
    const sec = (performance.now() - t0) / 1000;
    if (firstClosedSec === null && count < baseline) firstClosedSec = sec;
    if (allClosedSec === null && count <= baseline - slow.length) allClosedSec = sec;
  }
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const end = procSample();
  const gen = process.cpuUsage(genStart);
  clearInterval(ticker);
  finished = true;
  healthy.forEach((c) => c.close());
  slow.forEach((c) => c.close());
  warmupSlow.forEach((c) => c.close());
  gaps.sort((a, b) => a - b);
  const out = { seconds, messages: delivered, throughput: delivered / seconds, generatorCpu: (gen.user + gen.system) / 1e6 / seconds,
    connections: healthy.length, slowClients: slow.length, maxPingGapMs: maxGapMs, p99PingGapMs: percentile(gaps, 0.99),
    slowBytes: SLOW_BYTES, warmupSlowClients: warmupSlow.length, firstClosedSec, allClosedSec, healthyDropped: healthy.filter((c) => !c.connected).length,
    windowStartEpochMs, latencyBySecond: latencyBySecond() };
  if (start) {
    out.serverCpuSec = end.cpuSec - start.cpuSec;
    out.rssKb = end.rssKb;
    out.threads = end.threads;
  }
  return out;
}

// ---------------------------------------------------------------- long-polling client

const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096 });

// A keep-alive socket the server closed after its last response fails the next request at once
// with ECONNRESET (req.reusedSocket): that request never reached the server, so it is sent again
// (up to 3 times) and counted in `retries`, as Node's documentation advises.
let retries = 0;

function request(method, query, body, attempt = 0) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: HOST, port: PORT, method, agent, path: `${PATH}polling${query}`,
      headers: body === undefined ? {} : { 'Content-Type': 'text/plain;charset=UTF-8', 'Content-Length': Buffer.byteLength(body) },
      timeout: 60_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString()) : reject(new Error(`HTTP ${res.statusCode}`))));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => {
      if (req.reusedSocket && e.code === 'ECONNRESET' && attempt < 3) {
        retries++;
        resolve(request(method, query, body, attempt + 1));
      } else reject(e);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

class PollingClient {
  constructor(index, onAck) {
    this.index = index;
    this.onAck = onAck;
    this.outbox = [];
    this.posting = false;
    this.connected = false;
    this.pending = new Map();
    this.nextAck = 0;
  }

  async open() {
    try {
      const open = await request('GET', `&t=${this.index}`);
      this.sid = JSON.parse(open.slice(1)).sid;
      await request('POST', `&sid=${this.sid}`, '40');
      const deadline = Date.now() + 30_000;
      while (!this.connected && Date.now() < deadline) this.handle(await request('GET', `&sid=${this.sid}`));
      if (!this.connected) { errors.connect++; return false; }
      this.poll();
      return true;
    } catch {
      errors.connect++;
      return false;
    }
  }

  handle(body) {
    for (const packet of body.split('\x1e')) {
      if (packet.startsWith('40')) this.connected = true;
      else if (packet === '2') this.post('3');
      else if (packet.startsWith('43')) {
        const id = parseInt(packet.slice(2), 10);
        const t = this.pending.get(id);
        if (t === undefined) errors.protocol++;
        else { this.pending.delete(id); this.onAck(performance.now() - t); }
      } else if (packet === '6') { /* noop */ } else if (packet === '1') { this.dead(); } else errors.protocol++;
    }
  }

  async poll() {
    while (this.connected && !finished) {
      try {
        this.handle(await request('GET', `&sid=${this.sid}`));
      } catch {
        if (!finished) { errors.http++; this.dead(); }
        return;
      }
    }
  }

  dead() {
    if (this.connected && !finished) errors.closed++;
    this.connected = false;
  }

  echo() {
    const id = this.nextAck++;
    this.pending.set(id, performance.now());
    this.post(`42${id}["echo",{"c":${this.index},"d":"${PAYLOAD}"}]`);
  }

  async post(packet) {
    this.outbox.push(packet);
    if (this.posting) return;
    this.posting = true;
    while (this.outbox.length > 0 && this.connected) {
      const body = this.outbox.join('\x1e');
      this.outbox = [];
      try {
        await request('POST', `&sid=${this.sid}`, body);
      } catch {
        if (!finished) { errors.http++; this.dead(); }
      }
    }
    this.posting = false;
  }

  close() { this.connected = false; }
}

async function polling() {
  let count = 0;
  const onAck = (ms) => { if (measuring) { count++; recordLatency(ms); } };
  const clients = await openAll(CLIENTS, (i) => new PollingClient(i, onAck));
  const intervalMs = 1000 / RATE;
  // Each client echoes every intervalMs, the clients spread evenly over the interval.
  const started = performance.now();
  const fired = new Array(clients.length).fill(0);
  const ticker = setInterval(() => {
    const elapsed = performance.now() - started;
    for (let i = 0; i < clients.length; i++) {
      const due = Math.floor((elapsed + (i * intervalMs) / clients.length) / intervalMs);
      if (fired[i] < due && clients[i].connected) { fired[i] = due; clients[i].echo(); }
    }
  }, 10);
  const window = await measureWindow(() => count);
  clearInterval(ticker);
  const drainDeadline = Date.now() + 5000;
  while (clients.some((c) => c.pending.size > 0 && c.connected) && Date.now() < drainDeadline) await sleep(100);
  finished = true;
  errors.missing += clients.reduce((n, c) => n + c.pending.size, 0);
  const held = clients.filter((c) => c.connected).length;
  clients.forEach((c) => c.close());
  agent.destroy();
  return { ...window, connections: held, messages: count, retries };
}

// ---------------------------------------------------------------- slowloris

// CLIENTS polling sessions each trickle a POST body, one byte per second per client (the body
// declares 100,000 bytes: it never completes). Meanwhile, every 100 ms, a new connection asks
// for a handshake or for a plain answer (a request the Engine.IO layer refuses before any
// session: GET ?transport=unknown, 400), timed; one that takes more than 5 s counts as an error
// and as 5,000 ms. Reports the probes' latency and how many trickling connections stayed open.
const PROBE_TIMEOUT_MS = 5000;

function probe(query) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request({ host: HOST, port: PORT, method: 'GET', agent: false,
      path: `/socket.io/?EIO=4&transport=${query}`, timeout: PROBE_TIMEOUT_MS }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode, body: Buffer.concat(chunks).toString() }));
      res.on('error', () => resolve({ ms: PROBE_TIMEOUT_MS, status: 0 }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: PROBE_TIMEOUT_MS, status: 0 }));
    req.end();
  });
}

async function slowloris() {
  const sids = [];
  for (let i = 0; i < CLIENTS; i++) {
    const open = await probe('polling');
    const match = open.status === 200 && /"sid":"([^"]+)"/.exec(open.body);
    if (match) sids.push(match[1]); else errors.connect++;
  }
  const sockets = sids.map((sid) => {
    const socket = net.connect(PORT, HOST);
    socket.open = true;
    socket.on('error', () => { socket.open = false; });
    socket.on('close', () => { socket.open = false; });
    socket.write(`POST ${PATH}polling&sid=${sid} HTTP/1.1\r\nHost: ${HOST}\r\n`
      + 'Content-Type: text/plain;charset=UTF-8\r\nContent-Length: 100000\r\n\r\n4');
    return socket;
  });
  // one byte per second per client, the clients spread over the second
  let tick = 0;
  const trickle = setInterval(() => {
    for (let i = tick % 10; i < sockets.length; i += 10) if (sockets[i].open) sockets[i].write('x');
    tick++;
  }, 100);
  const byKind = { handshake: [], plain: [] };
  let count = 0;
  let stop = false;
  const prober = (async () => {
    let n = 0;
    while (!stop) {
      const kind = n++ % 2 === 0 ? 'handshake' : 'plain';
      const expected = kind === 'handshake' ? 200 : 400;
      const started = performance.now();
      const r = await probe(kind === 'handshake' ? 'polling' : 'unknown');
      if (measuring) {
        count++;
        recordLatency(r.ms);
        byKind[kind].push(r.ms);
        if (r.status !== expected) errors.http++;
      }
      await sleep(Math.max(0, 100 - (performance.now() - started)));
    }
  })();
  const window = await measureWindow(() => count);
  stop = true;
  await prober;
  clearInterval(trickle);
  finished = true;
  const held = sockets.filter((s) => s.open).length;
  sockets.forEach((s) => s.destroy());
  const p = (values, q) => percentile(Float64Array.from(values).sort(), q);
  return { ...window, connections: held, trickling: sids.length, messages: count,
    handshakeP50Ms: p(byKind.handshake, 0.5), handshakeP99Ms: p(byKind.handshake, 0.99),
    plainP50Ms: p(byKind.plain, 0.5), plainP99Ms: p(byKind.plain, 0.99) };
}

// Clients that stop answering pings: --clients WebSocket clients connect, then all stop answering
// at once (they keep reading), while 100 healthy clients run a closed loop of `echo`. Reports how
// long after its first unanswered ping plus --ping-timeout each silent client was closed (p50, p99,
// max, how many later than 100 ms), how the closes spread (the largest number in one 100 ms slot
// against the mean over the slots of the closing span) and the healthy clients' echo latency.
// --closes-file: also write, per silent client, when it saw its first unanswered ping and when it
// saw its close, in ms since the clients stopped answering (one "ping close" line each).
async function heartbeat() {
  const pingTimeout = Number(args['ping-timeout'] || 5000);
  let silentSince = 0;
  let echoes = 0;
  const sendEcho = (client) => {
    if (finished) return;
    const id = client.nextAck++;
    client.pendingAck = id;
    client.sentAt = performance.now();
    client.send(`42${id}["echo",{"c":${client.index},"d":"${PAYLOAD}"}]`);
  };
  const healthyHandlers = {
    onAck(client, data) {
      const now = performance.now();
      if (ackId(data) !== client.pendingAck) { errors.protocol++; return; }
      client.pendingAck = -1;
      if (measuring) { echoes++; recordLatency(now - client.sentAt); }
      sendEcho(client);
    },
    onEvent() { errors.protocol++; },
  };
  const silentHandlers = {
    onAck() { errors.protocol++; },
    onEvent() {},
    onPing(client) {
      if (client.silent && client.firstUnanswered === undefined) client.firstUnanswered = performance.now();
    },
    onClose(client) {
      client.closedAt = performance.now();
      if (!client.silent && !finished) errors.closed++;
    },
  };
  const healthy = await openAll(100, (i) => new WsClient(i, healthyHandlers));
  const silent = await openAll(CLIENTS, (i) => new WsClient(100 + i, silentHandlers));
  healthy.forEach(sendEcho);
  await sleep(WARMUP * 1000);
  silentSince = performance.now();
  for (const client of silent) client.silent = true;
  measuring = true;
  const deadline = silentSince + DURATION * 1000;
  while (performance.now() < deadline && silent.some((c) => c.closedAt === undefined)) await sleep(100);
  measuring = false;
  const seconds = (performance.now() - silentSince) / 1000;
  finished = true;
  const delays = [];
  const closes = [];
  let notClosed = 0;
  for (const client of silent) {
    if (client.closedAt === undefined || client.firstUnanswered === undefined) { notClosed++; continue; }
    delays.push(client.closedAt - client.firstUnanswered - pingTimeout);
    closes.push(client.closedAt);
  }
  delays.sort((a, b) => a - b);
  closes.sort((a, b) => a - b);
  let maxPerSlot = 0;
  let slots = 1;
  if (closes.length > 0) {
    const counts = new Map();
    for (const t of closes) { const slot = Math.floor((t - closes[0]) / 100); counts.set(slot, (counts.get(slot) || 0) + 1); }
    slots = Math.floor((closes[closes.length - 1] - closes[0]) / 100) + 1;
    maxPerSlot = Math.max(...counts.values());
  }
  if (args['closes-file']) {
    const rows = silent.filter((c) => c.closedAt !== undefined && c.firstUnanswered !== undefined)
      .map((c) => `${(c.firstUnanswered - silentSince).toFixed(3)} ${(c.closedAt - silentSince).toFixed(3)}`);
    fs.writeFileSync(args['closes-file'], `${rows.join('\n')}\n`);
  }
  healthy.forEach((c) => c.close());
  silent.forEach((c) => c.close());
  return { seconds, messages: echoes, throughput: echoes / seconds, connections: healthy.length + silent.length,
    silent: silent.length, notClosed, closeDelayP50Ms: percentile(delays, 0.5), closeDelayP99Ms: percentile(delays, 0.99),
    closeDelayMaxMs: delays.length ? delays[delays.length - 1] : null, lateOver100Ms: delays.filter((d) => d > 100).length,
    closeSpanSec: closes.length ? (closes[closes.length - 1] - closes[0]) / 1000 : null,
    maxClosesPer100Ms: maxPerSlot, meanClosesPer100Ms: closes.length / slots };
}

// A flood of polling handshakes that never come back: --clients handshakes (200 at a time), while
// a new connection every 100 ms asks for a handshake or a plain answer (as slowloris), timed.
// Reports the flood's rate, the probes' p50/p99 during the flood, the server's session count at its
// peak, and how long after the flood the abandoned sessions were all gone (GET /stats).
async function handshakes() {
  const baseline = await stats();
  const floodAgent = new http.Agent({ keepAlive: true, maxSockets: 200 });
  let sent = 0;
  let ok = 0;
  const probes = { handshake: [], plain: [] };
  let stop = false;
  measuring = true;
  const prober = (async () => {
    let n = 0;
    while (!stop) {
      const kind = n++ % 2 === 0 ? 'handshake' : 'plain';
      const started = performance.now();
      const r = await probe(kind === 'handshake' ? 'polling' : 'unknown');
      probes[kind].push(r.ms);
      recordLatency(r.ms);
      if (r.status !== (kind === 'handshake' ? 200 : 400)) errors.http++;
      await sleep(Math.max(0, 100 - (performance.now() - started)));
    }
  })();
  const t0 = performance.now();
  const one = () => new Promise((resolve) => {
    const req = http.get({ host: HOST, port: PORT, path: `${PATH}polling`, agent: floodAgent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => { if (res.statusCode === 200) ok++; else errors.http++; resolve(); });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => { errors.connect++; resolve(); });
  });
  async function worker() {
    while (sent < CLIENTS) { sent++; await one(); }
  }
  let peak = 0;
  const sampler = setInterval(async () => { const c = await stats(); if (c !== null) peak = Math.max(peak, c); }, 500);
  await Promise.all(Array.from({ length: 200 }, worker));
  const floodSec = (performance.now() - t0) / 1000;
  stop = true;
  await prober;
  measuring = false;
  floodAgent.destroy();
  const floodEnd = performance.now();
  let goneSec = null;
  while (performance.now() - floodEnd < DURATION * 1000) {
    const count = await stats();
    if (count !== null) peak = Math.max(peak, count);
    if (count !== null && baseline !== null && count <= baseline) { goneSec = (performance.now() - floodEnd) / 1000; break; }
    await sleep(500);
  }
  clearInterval(sampler);
  finished = true;
  const end = procSample();
  const p = (values, q) => percentile(Float64Array.from(values).sort(), q);
  const out = { seconds: floodSec, messages: ok, throughput: ok / floodSec, handshakes: sent, handshakesOk: ok,
    peakSessions: peak, goneAfterFloodSec: goneSec,
    handshakeP50Ms: p(probes.handshake, 0.5), handshakeP99Ms: p(probes.handshake, 0.99),
    plainP50Ms: p(probes.plain, 0.5), plainP99Ms: p(probes.plain, 0.99) };
  if (end) { out.rssKb = end.rssKb; out.threads = end.threads; }
  return out;
}

// ---------------------------------------------------------------- window

async function measureWindow(counter) {
  await sleep(WARMUP * 1000);
  const nodesStart = PIDS.length > 1 ? PIDS.map((pid) => procSample(pid)) : null;
  const start = procSample();
  const startCount = counter();
  const genStart = process.cpuUsage();
  const t0 = performance.now();
  measuring = true;
  await sleep(DURATION * 1000);
  measuring = false;
  const seconds = (performance.now() - t0) / 1000;
  const end = procSample();
  const nodesEnd = nodesStart ? PIDS.map((pid) => procSample(pid)) : null;
  const gen = process.cpuUsage(genStart);
  const messages = counter() - startCount;
  const out = { seconds, messages, throughput: messages / seconds, generatorCpu: (gen.user + gen.system) / 1e6 / seconds };
  if (start) {
    out.serverCpuSec = end.cpuSec - start.cpuSec;
    out.serverCpuUtil = out.serverCpuSec / seconds;
    out.cpuPerMsgUs = messages > 0 ? (out.serverCpuSec * 1e6) / messages : null;
    out.rssKb = end.rssKb;
    out.threads = end.threads;
  }
  if (nodesStart) out.nodeCpuSec = nodesEnd.map((sample, n) => sample.cpuSec - nodesStart[n].cpuSec);
  return out;
}

async function main() {
  const hardLimit = setTimeout(() => {
    console.error('loadgen: hard time limit reached');
    process.exit(3);
  }, (WARMUP + DURATION + CONNECT_TIMEOUT_MS / 1000 + 60) * 1000);
  const scenarios = { echo, fanout, idle, polling, slowreaders, slowloris, heartbeat, handshakes };
  if (!scenarios[SCENARIO]) throw new Error(`unknown scenario ${SCENARIO}`);
  const result = await scenarios[SCENARIO]();
  const sorted = latencies.subarray(0, latencyCount).sort();
  result.p50Ms = percentile(sorted, 0.5);
  result.p99Ms = percentile(sorted, 0.99);
  result.errors = errors;
  result.errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  console.log(`RESULT ${JSON.stringify({ server: args.server || 'unknown', scenario: SCENARIO, clients: CLIENTS, rate: RATE, ...result })}`);
  clearTimeout(hardLimit);
  setTimeout(() => process.exit(0), 200);
}

main().catch((e) => { console.error(e); process.exit(2); });
