'use strict';
/**
 * Local simulator of the Vtrix API (Vidu Q2 Turbo image-to-video), Node's http module only.
 * See simulator/README.md for the behaviour; API-NOTES.md for the API it imitates.
 *
 *   const { startSimulator } = require('./simulator');
 *   const sim = await startSimulator({ port: 0, apiKey: 'sim-key', taskSeconds: 3 });
 */
const http = require('http');
const https = require('https');
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const { validateCreateBody, dataUrlInfo, CODES } = require('./validate');
const { sampleMp4, bigMp4Length, streamBigMp4 } = require('./mp4');
const { makePng } = require('./png');

const MAX_BODY = 20 * 1024 * 1024;
/** After a 413, keep discarding what the client still sends (so it can read the answer) up to this much more. */
const MAX_DISCARD_AFTER_413 = 64 * 1024 * 1024;
const CREATE_PATH = '/model/v1/generation';
const TASK_PREFIX = '/model/v1/generation/task/';
const PENDING_SHARE = 0.2; // share of the task time spent in `pending`
const MAX_BIG_MB = 4096;

const ERROR_MESSAGES = {
	8007001: 'Prompt missing',
	8007002: 'Parameter invalid',
	8007003: 'Style parameter invalid',
	8007004: 'Duration invalid',
	8007005: 'Resolution invalid',
	8007095: 'Internal generation error',
	8007096: 'Result parsing error',
	8007097: 'HTTP error response',
	8007098: 'Status check error',
	8007099: 'Service unavailable',
};

const IMAGE_ASSETS = {
	'sample.png': 'image/png',
	'sample.jpg': 'image/jpeg',
	'sample.webp': 'image/webp',
	'wide.png': 'image/png',
};
const imageCache = new Map();
/** The bytes of one of IMAGE_ASSETS, read once. */
function imageAsset(name) {
	let buf = imageCache.get(name);
	if (!buf) {
		buf = fs.readFileSync(path.join(__dirname, 'assets', name));
		imageCache.set(name, buf);
	}
	return buf;
}

function errorBody(code, message, extra) {
	return { error: Object.assign({ code: String(code), message }, extra || {}) };
}

/** Reads `[sim:...]` markers from a text. */
function parseMarkers(text) {
	const m = {};
	if (typeof text !== 'string' || text.indexOf('[sim:') < 0) return m;
	const re = /\[sim:([^\]]*)\]/g;
	let r;
	while ((r = re.exec(text))) {
		const tok = r[1].trim();
		let mm;
		if (tok === 'fail') m.fail = 8007095;
		else if ((mm = /^fail:(\d+)$/.exec(tok))) m.fail = mm[1].startsWith('0') ? mm[1] : Number(mm[1]);
		else if (tok === 'never') m.never = true;
		else if ((mm = /^seconds=(\d+(?:\.\d+)?)$/.exec(tok))) m.seconds = Number(mm[1]);
		else if ((mm = /^status=(.+)$/.exec(tok))) m.status = mm[1];
		else if (tok === 'novideo') m.novideo = true;
		else if ((mm = /^videotype=(.+)$/.exec(tok))) m.videotype = mm[1];
		else if ((mm = /^id=(id|task_id)$/.exec(tok))) m.idField = mm[1];
		else if (tok === 'errorstring') m.errorShape = 'string';
		else if ((mm = /^errorshape=(string|message|error_message)$/.exec(tok))) m.errorShape = mm[1];
		else if ((mm = /^bigvideo=(\d+(?:\.\d+)?)$/.exec(tok))) m.bigvideo = Math.min(MAX_BIG_MB, Number(mm[1]));
		else if (tok === 'in_progress') m.inProgress = true;
	}
	return m;
}

/** Copy of a create body that is small enough to keep: inline image data is cut. */
function slimBody(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body) || !Array.isArray(body.images)) return body;
	const out = Object.assign({}, body);
	out.images = body.images.map((img) => {
		if (typeof img === 'string' && img.length > 120 && /^data:/i.test(img)) {
			const comma = img.indexOf(',');
			const head = comma >= 0 && comma < 100 ? img.slice(0, comma + 1) : img.slice(0, 40);
			return `${head}${img.slice(head.length, head.length + 32)}...[${img.length} chars]`;
		}
		return img;
	});
	return out;
}

function imageInfo(body) {
	const res = { imageBytes: null, imageMime: null };
	if (!body || typeof body !== 'object' || !Array.isArray(body.images) || typeof body.images[0] !== 'string') return res;
	const img = body.images[0];
	const d = dataUrlInfo(img);
	if (d) {
		res.imageMime = d.mime || null;
		res.imageBytes = Math.max(0, d.bytes);
	} else if (/^https?:\/\//i.test(img)) {
		res.imageUrl = img;
	}
	return res;
}

function matchPath(rule, p) {
	if (rule.path === undefined || rule.path === null) return true;
	if (rule.path instanceof RegExp) return rule.path.test(p);
	if (typeof rule.path === 'string') {
		if (rule.path.startsWith('/')) return p.startsWith(rule.path);
		try {
			return new RegExp(rule.path).test(p);
		} catch {
			return false;
		}
	}
	return false;
}

function normalizeFault(f) {
	if (!f || typeof f !== 'object') throw new Error('a fault must be an object');
	const rule = Object.assign({}, f);
	if (rule.pathRegex !== undefined) rule.path = new RegExp(rule.pathRegex);
	if (rule.times === undefined || rule.times === null) rule.times = 1;
	if (typeof rule.times !== 'number' || rule.times === 0) throw new Error('fault.times must be a number >= 1 (or -1: forever)');
	if (rule.destroy !== undefined && rule.destroy !== 'before' && rule.destroy !== 'after') {
		throw new Error("fault.destroy must be 'before' or 'after'");
	}
	if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
		throw new Error('fault.status must be an HTTP status code');
	}
	if (rule.delayMs !== undefined && !(typeof rule.delayMs === 'number' && rule.delayMs >= 0)) {
		throw new Error('fault.delayMs must be a number >= 0');
	}
	if (rule.status === undefined && rule.destroy === undefined && !rule.hang && rule.delayMs === undefined) {
		throw new Error('a fault needs one of: status, delayMs, destroy, hang');
	}
	if (rule.method) rule.method = String(rule.method).toUpperCase();
	return rule;
}

function describeFault(rule) {
	const d = {};
	for (const k of ['method', 'status', 'delayMs', 'destroy', 'hang']) if (rule[k] !== undefined) d[k] = rule[k];
	if (rule.path !== undefined) d.path = String(rule.path);
	return d;
}

async function startSimulator(options = {}) {
	const initial = {
		host: options.host || '127.0.0.1',
		port: options.port === undefined ? 0 : Number(options.port),
		apiKey: options.apiKey === undefined ? 'sim-key' : String(options.apiKey),
		taskSeconds: options.taskSeconds === undefined ? 3 : Number(options.taskSeconds),
		quiet: options.quiet === undefined ? true : !!options.quiet,
		keepBodies: !!options.keepBodies,
		maxLogEntries: options.maxLogEntries || 10000,
		callbackTimeoutMs: options.callbackTimeoutMs || 5000,
		publicUrl: options.publicUrl || null,
	};
	const log = typeof options.logger === 'function' ? options.logger : (line) => console.log(line);
	let taskSeconds = initial.taskSeconds;

	const requests = [];
	const tasks = new Map();
	const callbacks = [];
	let faults = [];
	const timers = new Set();
	const hung = new Set();
	let stats;
	let inFlightCreates = 0;
	let inFlightRequests = 0;
	const resetStats = () => {
		stats = {
			requests: 0,
			createRequests: 0,
			statusReads: 0,
			fileDownloads: 0,
			peakInFlightCreates: inFlightCreates,
			peakInFlightRequests: inFlightRequests,
			faultsApplied: 0,
			callbacksSent: 0,
		};
	};
	resetStats();

	const say = (line) => {
		if (!initial.quiet) log(`[vtrix-sim] ${line}`);
	};

	const later = (fn, ms) => {
		const t = setTimeout(() => {
			timers.delete(t);
			fn();
		}, ms);
		if (t.unref) t.unref();
		timers.add(t);
		return t;
	};
	const sleep = (ms) => new Promise((resolve) => later(resolve, ms));

	let baseUrl = '';
	const fileBase = () => initial.publicUrl || baseUrl;

	// ---------- tasks ----------
	function newId() {
		let id;
		do id = `task_${crypto.randomBytes(8).toString('hex')}`;
		while (tasks.has(id));
		return id;
	}

	/** The public JSON of a task in `state` (default: as it stands now); `[sim:status=...]` wins over any state. */
	function taskView(task, state = taskState(task, Date.now())) {
		const o = {};
		o[task.idField] = task.id;
		o.model = task.model;
		o.created_at = task.createdAt;
		o.metadata = Object.assign({}, task.metadata);
		const put = (status, progress) => {
			o.status = status;
			if (progress !== undefined) o.progress = progress;
		};
		if (task.fixedStatus) {
			put(task.fixedStatus, 0);
			return reorder(o);
		}
		if (state.phase === 'pending') put('pending', 0);
		else if (state.phase === 'processing') put(task.inProgress ? 'in_progress' : 'processing', state.progress);
		else if (state.phase === 'completed') {
			put('completed', 1);
			if (!task.novideo) {
				o.output = [{ content: [{ type: task.videotype, url: `${fileBase()}/files/${encodeURIComponent(task.id)}.mp4` }] }];
			}
			o.usage = { cost: '0.07', discount: 0 };
		} else {
			put('failed', state.progress);
			const num = Number(task.fail);
			const msg = ERROR_MESSAGES[num] || 'Generation failed';
			if (task.errorShape === 'string') o.error = `${msg} (code ${task.fail})`;
			else if (task.errorShape === 'message') o.error = { code: task.fail, message: msg };
			else o.error = { code: task.fail, error_message: msg };
		}
		return reorder(o);
	}

	function reorder(o) {
		// id first, like the gateway
		const out = {};
		for (const k of ['id', 'task_id', 'status', 'model', 'created_at', 'progress', 'output', 'usage', 'metadata', 'error']) {
			if (o[k] !== undefined) out[k] = o[k];
		}
		return out;
	}

	function taskState(task, now) {
		if (task.forced) return { phase: task.forced, progress: task.forced === 'completed' ? 1 : task.forcedProgress };
		const elapsed = now - task.createdMs;
		const total = task.seconds * 1000;
		if (task.never) {
			const pendingMs = Math.max(0, total * PENDING_SHARE);
			if (elapsed < pendingMs) return { phase: 'pending', progress: 0 };
			// creeps towards 0.9 and stays below it
			const p = 0.9 * (1 - Math.exp(-(elapsed - pendingMs) / Math.max(1000, total || 1000)));
			return { phase: 'processing', progress: Math.round(p * 100) / 100 };
		}
		if (elapsed >= total) {
			return task.fail !== undefined ? { phase: 'failed', progress: 0.5 } : { phase: 'completed', progress: 1 };
		}
		const pendingMs = total * PENDING_SHARE;
		if (elapsed < pendingMs) return { phase: 'pending', progress: 0 };
		const p = (elapsed - pendingMs) / (total - pendingMs);
		return { phase: 'processing', progress: Math.min(0.99, Math.round(p * 100) / 100) };
	}

	function createTask(body, image) {
		const markers = Object.assign({}, parseMarkers(body.payload), parseMarkers(body.prompt));
		const now = Date.now();
		const task = {
			id: newId(),
			idField: markers.idField || 'id',
			model: body.model,
			createdMs: now,
			createdAt: Math.floor(now / 1000),
			seconds: markers.seconds !== undefined ? markers.seconds : taskSeconds,
			never: !!markers.never,
			fixedStatus: markers.status || null,
			fail: markers.fail,
			errorShape: markers.errorShape || 'error_message',
			novideo: !!markers.novideo,
			videotype: markers.videotype || 'video',
			bigVideoMb: markers.bigvideo || null,
			inProgress: !!markers.inProgress,
			markers,
			metadata: body.payload !== undefined ? { payload: body.payload } : {},
			callbackUrl: typeof body.callback_url === 'string' && body.callback_url ? body.callback_url : null,
			request: initial.keepBodies ? body : slimBody(body),
			image,
			statusReads: 0,
			forced: null, // the phase it ended in ('completed' or 'failed'); null while it runs
			get ended() {
				return this.forced !== null;
			},
			timer: null,
		};
		tasks.set(task.id, task);
		if (!task.never && !task.fixedStatus) {
			task.timer = later(() => endTask(task), Math.max(0, task.seconds * 1000));
		}
		return task;
	}

	/**
	 * Ends a task in `outcome` ({ phase: 'completed'|'failed', progress }), by default as its markers say. Only the
	 * first end logs and sends the callback; a later one (finishTask on an ended task) only changes the outcome.
	 */
	function endTask(task, outcome) {
		const first = !task.ended;
		if (outcome) {
			task.forced = outcome.phase;
			task.forcedProgress = outcome.progress;
		} else if (first) {
			// timers may fire a hair early: the task is over now, whatever the clock says
			task.forced = task.fail !== undefined ? 'failed' : 'completed';
			task.forcedProgress = 0.5;
		}
		if (!first) return;
		if (task.timer) {
			clearTimeout(task.timer);
			timers.delete(task.timer);
			task.timer = null;
		}
		say(`task ${task.id} ${task.forced}`);
		if (task.callbackUrl) sendCallback(task);
	}

	function sendCallback(task) {
		const entry = { taskId: task.id, url: task.callbackUrl, status: null, error: null, at: Date.now() };
		callbacks.push(entry);
		let u;
		try {
			u = new URL(task.callbackUrl);
		} catch {
			entry.error = 'invalid URL';
			return;
		}
		if (u.protocol !== 'http:' && u.protocol !== 'https:') {
			entry.error = `unsupported protocol ${u.protocol}`;
			return;
		}
		entry.body = taskView(task);
		const payload = Buffer.from(JSON.stringify(entry.body));
		const lib = u.protocol === 'https:' ? https : http;
		try {
			const req = lib.request(
				u,
				{
					method: 'POST',
					headers: { 'content-type': 'application/json', 'content-length': payload.length, 'user-agent': 'vtrix-simulator' },
					timeout: initial.callbackTimeoutMs,
				},
				(res) => {
					entry.status = res.statusCode;
					stats.callbacksSent++;
					res.resume();
				},
			);
			req.on('timeout', () => req.destroy(new Error('callback timed out')));
			req.on('error', (err) => {
				entry.error = err.message || String(err);
			});
			req.end(payload);
		} catch (err) {
			entry.error = err.message || String(err);
		}
	}

	// ---------- request plumbing ----------
	function readBody(req) {
		return new Promise((resolve) => {
			const declared = Number(req.headers['content-length']);
			if (Number.isFinite(declared) && declared > MAX_BODY) {
				resolve({ tooLarge: true, bytes: 0 }); // nothing read yet
				return;
			}
			// with a Content-Length, fill one buffer in place (no second copy of a 20 MB body)
			let fixed = Number.isFinite(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
			const chunks = [];
			let size = 0;
			let done = false;
			const onData = (c) => {
				if (done) return;
				if (fixed && size + c.length > fixed.length) {
					// more than announced: fall back to collecting chunks
					chunks.push(fixed.subarray(0, size));
					fixed = null;
				}
				size += c.length;
				if (size > MAX_BODY) {
					done = true;
					chunks.length = 0;
					fixed = null;
					req.removeListener('data', onData);
					req.pause(); // what comes next waits for discardRest (which counts it)
					resolve({ tooLarge: true, bytes: size });
					return;
				}
				if (fixed) c.copy(fixed, size - c.length);
				else chunks.push(c);
			};
			req.on('data', onData);
			req.on('end', () => {
				if (done) return;
				done = true;
				resolve({ buffer: fixed ? fixed.subarray(0, size) : Buffer.concat(chunks, size), bytes: size });
			});
			req.on('error', () => {
				if (done) return;
				done = true;
				resolve({ aborted: true, bytes: size });
			});
			req.on('close', () => {
				if (done) return;
				done = true;
				resolve({ aborted: true, bytes: size });
			});
		});
	}

	/**
	 * Let the client finish sending (discarding it) so it can read the 413, but never forever: up to
	 * MAX_DISCARD_AFTER_413 bytes, counted as they arrive into the log entry's bodyBytes.
	 */
	function discardRest(req, entry) {
		let discarded = 0;
		req.on('data', (c) => {
			discarded += c.length;
			entry.bodyBytes += c.length;
			if (discarded > MAX_DISCARD_AFTER_413) req.socket.destroy();
		});
		req.resume();
	}

	function takeFault(method, p) {
		for (let i = 0; i < faults.length; i++) {
			const r = faults[i];
			if (r.method && r.method !== method) continue;
			if (!matchPath(r, p)) continue;
			if (r.times > 0) {
				r.times--;
				if (r.times === 0) faults.splice(i, 1);
			}
			return r;
		}
		return null;
	}

	function send(res, result) {
		if (res.headersSent || res.destroyed) return;
		const headers = Object.assign({}, result.headers || {});
		let data = null;
		if (result.json !== undefined) {
			data = Buffer.from(JSON.stringify(result.json));
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
		} else if (result.text !== undefined) {
			data = Buffer.from(String(result.text));
			if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
		} else if (result.buffer) {
			data = result.buffer;
		}
		if (data && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-length')) headers['Content-Length'] = data.length;
		res.writeHead(result.status, headers);
		if (result.head || !data) res.end();
		else res.end(data);
	}

	function authorized(req) {
		const h = req.headers.authorization;
		if (typeof h !== 'string') return false;
		const m = /^Bearer\s+(.+)$/i.exec(h.trim());
		return !!m && m[1] === initial.apiKey;
	}

	function redactHeaders(h) {
		const out = Object.assign({}, h);
		if (out.authorization !== undefined) out.authorization = 'Bearer ***';
		return out;
	}

	// ---------- API handlers (return a result; the caller writes it, or cuts the connection) ----------
	async function handleApi(ctx) {
		const { method, pathname, req, entry } = ctx;
		const isCreate = pathname === CREATE_PATH;
		const isRead = pathname.startsWith(TASK_PREFIX);
		if (isCreate || isRead) {
			if (!authorized(req)) {
				return { status: 401, json: errorBody('401', 'Invalid or missing API key (Authorization: Bearer <key>)', { type: 'authentication_error' }) };
			}
		}
		if (isCreate) {
			if (method !== 'POST') return { status: 405, headers: { Allow: 'POST' }, json: errorBody('405', 'Method not allowed') };
			const body = ctx.parsed;
			if (body === undefined) return { status: 400, json: errorBody(CODES.PARAM_INVALID, 'The request body is not valid JSON') };
			const v = validateCreateBody(body);
			if (!v.ok) return { status: 400, json: errorBody(v.code, v.message) };
			const task = createTask(body, v.image);
			entry.taskId = task.id;
			say(`created ${task.id} (${task.seconds}s${Object.keys(task.markers).length ? ` markers ${JSON.stringify(task.markers)}` : ''})`);
			// the create answer shows the task as created, even when its time is 0 and it has already ended
			return { status: 200, json: taskView(task, { phase: 'pending', progress: 0 }) };
		}
		if (isRead) {
			if (method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, json: errorBody('405', 'Method not allowed') };
			let id;
			try {
				id = decodeURIComponent(pathname.slice(TASK_PREFIX.length));
			} catch {
				id = pathname.slice(TASK_PREFIX.length);
			}
			stats.statusReads++;
			const task = tasks.get(id);
			if (!task) return { status: 404, json: errorBody('404', `Task not found: ${id}`) };
			entry.taskId = task.id;
			task.statusReads++;
			return { status: 200, json: taskView(task) };
		}
		// files and images (no auth: they stand for the provider's CDN)
		const isHead = method === 'HEAD';
		if (pathname.startsWith('/files/') && (method === 'GET' || isHead)) {
			const name = decodeURIComponent(pathname.slice('/files/'.length));
			let mb = null;
			if (name === 'big.mp4') {
				mb = Number(ctx.query.mb);
				if (!(mb > 0)) mb = 1;
				mb = Math.min(MAX_BIG_MB, mb);
			} else if (name === 'sample.mp4') {
				mb = null;
			} else {
				const m = /^(.+)\.mp4$/.exec(name);
				const task = m && tasks.get(m[1]);
				if (!task) return { status: 404, json: errorBody('404', 'No such file') };
				const st = taskState(task, Date.now()).phase;
				if (task.fixedStatus || st !== 'completed' || task.novideo) return { status: 404, json: errorBody('404', 'No such file (the task has no video)') };
				mb = task.bigVideoMb;
			}
			stats.fileDownloads++;
			if (mb) {
				const total = bigMp4Length(mb * 1024 * 1024);
				return {
					status: 200,
					headers: { 'Content-Type': 'video/mp4', 'Content-Length': total, 'Accept-Ranges': 'none' },
					head: isHead,
					stream: (res) => streamBigMp4(res, total),
				};
			}
			return { status: 200, headers: { 'Content-Type': 'video/mp4' }, buffer: sampleMp4(), head: isHead };
		}
		if (pathname.startsWith('/images/') && (method === 'GET' || isHead)) {
			const name = pathname.slice('/images/'.length);
			if (IMAGE_ASSETS[name]) {
				return {
					status: 200,
					headers: { 'Content-Type': IMAGE_ASSETS[name] },
					buffer: imageAsset(name),
					head: isHead,
				};
			}
			if (name === 'noise.png') {
				const w = Math.min(4096, Math.max(1, Number(ctx.query.width) || 512));
				const h = Math.min(4096, Math.max(1, Number(ctx.query.height) || w));
				return { status: 200, headers: { 'Content-Type': 'image/png' }, buffer: makePng(w, h, { noise: true }), head: isHead };
			}
			return { status: 404, json: errorBody('404', 'No such image') };
		}
		return { status: 404, json: errorBody('404', `Not found: ${method} ${pathname}`) };
	}

	// ---------- control API ----------
	function publicEntry(e) {
		// entries are already slim; copy so callers cannot change the log
		return Object.assign({}, e, { headers: Object.assign({}, e.headers) });
	}

	function tasksList() {
		const now = Date.now();
		return [...tasks.values()].map((t) => ({
			id: t.id,
			seconds: t.seconds,
			createdMs: t.createdMs,
			markers: t.markers,
			statusReads: t.statusReads,
			ended: t.ended,
			callbackUrl: t.callbackUrl,
			image: t.image,
			request: t.request,
			view: taskView(t, taskState(t, now)),
		}));
	}

	async function handleControl(req, res, method, pathname, query) {
		const json = (status, obj) => send(res, { status, json: obj });
		const readJson = async () => {
			const r = await readBody(req);
			if (r.tooLarge || r.aborted) {
				req.resume(); // drop the rest
				throw new Error('body too large or aborted');
			}
			const s = r.buffer.toString('utf8').trim();
			return s ? JSON.parse(s) : {};
		};
		try {
			const route = pathname.slice('/__sim'.length) || '/';
			if (route === '/health' && method === 'GET') return json(200, { ok: true, url: baseUrl, tasks: tasks.size, taskSeconds });
			if (route === '/requests' && method === 'GET') {
				let list = requests;
				if (query.path) list = list.filter((e) => e.path.startsWith(query.path));
				if (query.method) list = list.filter((e) => e.method === String(query.method).toUpperCase());
				return json(200, list.map(publicEntry));
			}
			if (route === '/tasks' && method === 'GET') return json(200, tasksList());
			const fin = /^\/tasks\/([^/]+)\/finish$/.exec(route);
			if (fin && method === 'POST') {
				const b = await readJson();
				const ok = api.finishTask(decodeURIComponent(fin[1]), b);
				return ok ? json(200, { ok: true }) : json(404, errorBody('404', 'Task not found'));
			}
			if (route === '/stats' && method === 'GET') return json(200, api.stats());
			if (route === '/callbacks' && method === 'GET') return json(200, callbacks);
			if (route === '/faults' && method === 'GET') return json(200, faults.map(describeFault));
			if (route === '/faults' && method === 'POST') {
				const b = await readJson();
				const list = Array.isArray(b) ? b : [b];
				for (const f of list) api.inject(f);
				return json(200, { ok: true, queued: faults.length });
			}
			if (route === '/faults' && method === 'DELETE') {
				api.clearFaults();
				return json(200, { ok: true });
			}
			if (route === '/reset' && method === 'POST') {
				api.reset();
				return json(200, { ok: true });
			}
			if (route === '/config' && method === 'POST') {
				const b = await readJson();
				if (b.taskSeconds !== undefined) api.setTaskSeconds(b.taskSeconds);
				return json(200, { ok: true, taskSeconds });
			}
			return json(404, errorBody('404', `Unknown control route: ${method} ${pathname}`));
		} catch (err) {
			return json(400, errorBody('400', `Bad control request: ${err.message}`));
		}
	}

	// ---------- dispatcher ----------
	async function onRequest(req, res) {
		const started = Date.now();
		const method = req.method;
		let pathname;
		let query = {};
		try {
			const u = new URL(req.url, 'http://sim.local');
			pathname = u.pathname;
			query = Object.fromEntries(u.searchParams);
		} catch {
			pathname = req.url;
		}
		if (pathname === '/__sim' || pathname.startsWith('/__sim/')) {
			await handleControl(req, res, method, pathname, query);
			return;
		}

		const isCreate = pathname === CREATE_PATH && method === 'POST';
		const entry = {
			method,
			path: pathname,
			query,
			headers: redactHeaders(req.headers),
			authorization: req.headers.authorization === undefined ? null : req.headers.authorization,
			authOk: authorized(req),
			body: null,
			bodyBytes: 0,
			status: null,
			at: started,
		};
		requests.push(entry);
		if (requests.length > initial.maxLogEntries) requests.splice(0, requests.length - initial.maxLogEntries);
		stats.requests++;
		inFlightRequests++;
		if (inFlightRequests > stats.peakInFlightRequests) stats.peakInFlightRequests = inFlightRequests;
		if (isCreate) {
			stats.createRequests++;
			inFlightCreates++;
			if (inFlightCreates > stats.peakInFlightCreates) stats.peakInFlightCreates = inFlightCreates;
		}
		let closed = false;
		const onDone = () => {
			if (closed) return;
			closed = true;
			inFlightRequests--;
			if (isCreate) inFlightCreates--;
			entry.ms = Date.now() - started;
			say(`${method} ${pathname} -> ${entry.status === null ? (entry.fault ? `(${entry.fault.kind})` : '(no answer)') : entry.status} ${entry.ms}ms`);
		};
		res.on('finish', () => {
			entry.status = res.statusCode;
			onDone();
		});
		res.on('close', onDone);

		const fault = takeFault(method, pathname);
		if (fault) {
			stats.faultsApplied++;
			entry.fault = Object.assign({ kind: fault.destroy ? `destroy-${fault.destroy}` : fault.hang ? 'hang' : fault.status ? 'status' : 'delay' }, describeFault(fault));
		}
		if (fault && fault.destroy === 'before') {
			req.socket.destroy();
			return;
		}
		if (fault && fault.hang) {
			const h = { req, res };
			hung.add(h);
			res.on('close', () => hung.delete(h));
			req.resume();
			return;
		}

		const r = await readBody(req);
		entry.bodyBytes = r.bytes;
		if (r.aborted) return;
		if (r.tooLarge) {
			// no `Connection: close`: Node would then destroy the socket as soon as the answer is out, cutting off the
			// client still sending; discardRest reads the rest and cuts only past its cap
			send(res, { status: 413, json: errorBody('413', `Request body over ${MAX_BODY} bytes (20 MB)`) });
			discardRest(req, entry);
			return;
		}
		let parsed; // undefined: no body or not JSON
		if (r.buffer.length) {
			try {
				parsed = JSON.parse(r.buffer.toString('utf8'));
			} catch {
				parsed = undefined;
			}
			if (parsed !== undefined) {
				Object.assign(entry, imageInfo(parsed));
				entry.body = initial.keepBodies ? parsed : slimBody(parsed);
			} else {
				entry.rawBody = r.buffer.subarray(0, 200).toString('utf8');
			}
			r.buffer = null; // let the raw bytes go early (big inline images)
		}

		if (fault && fault.delayMs) {
			await sleep(fault.delayMs);
			if (res.destroyed) return;
		}
		if (fault && fault.status) {
			const body = fault.body;
			const result = { status: fault.status, headers: fault.headers || {} };
			if (body === undefined) result.json = errorBody(String(fault.status), `Injected fault: HTTP ${fault.status}`);
			else if (typeof body === 'string') result.text = body;
			else result.json = body;
			send(res, result);
			return;
		}

		let result;
		try {
			result = await handleApi({ method, pathname, query, req, res, entry, parsed });
		} catch (err) {
			result = { status: 500, json: errorBody('500', `Simulator error: ${err.message}`) };
		}
		if (fault && fault.destroy === 'after') {
			req.socket.destroy();
			return;
		}
		if (result.stream && !result.head) {
			res.writeHead(result.status, result.headers);
			await result.stream(res);
			return;
		}
		send(res, result);
	}

	const server = http.createServer((req, res) => {
		onRequest(req, res).catch((err) => {
			try {
				send(res, { status: 500, json: errorBody('500', `Simulator error: ${err.message}`) });
			} catch {
				/* ignore */
			}
		});
	});
	server.keepAliveTimeout = 5000;
	server.requestTimeout = 0; // large uploads and hung requests are ours to manage
	server.headersTimeout = 60000;
	server.maxHeadersCount = 200;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(initial.port, initial.host, () => {
			server.removeListener('error', reject);
			resolve();
		});
	});
	const addr = server.address();
	const hostForUrl = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
	baseUrl = `http://${hostForUrl}:${addr.port}`;

	let closing = null;
	const api = {
		url: baseUrl,
		port: addr.port,
		server,
		requests,
		tasks,
		callbacks,
		get faults() {
			return faults;
		},
		get taskSeconds() {
			return taskSeconds;
		},
		inject(fault) {
			const list = Array.isArray(fault) ? fault : [fault];
			for (const f of list) faults.push(normalizeFault(f));
			return api;
		},
		clearFaults() {
			faults = [];
			return api;
		},
		setTaskSeconds(n) {
			const v = Number(n);
			if (!(v >= 0)) throw new Error('taskSeconds must be a number >= 0');
			taskSeconds = v;
			return api;
		},
		/** Ends a task now: completed, or failed with `fail` (an error code) when given. */
		finishTask(id, opts = {}) {
			const task = tasks.get(id);
			if (!task) return false;
			let outcome;
			if (opts.fail !== undefined && opts.fail !== null && opts.fail !== false) {
				task.fail = opts.fail === true ? 8007095 : opts.fail;
				outcome = { phase: 'failed', progress: taskState(task, Date.now()).progress || 0 };
			} else {
				delete task.fail;
				outcome = { phase: 'completed', progress: 1 };
			}
			task.fixedStatus = null;
			task.never = false;
			endTask(task, outcome);
			return true;
		},
		/** The public JSON of a task as a read would answer now. */
		taskView(id) {
			const t = tasks.get(id);
			return t ? taskView(t) : null;
		},
		stats() {
			const statusReadsByTask = {};
			for (const t of tasks.values()) if (t.statusReads) statusReadsByTask[t.id] = t.statusReads;
			return {
				requests: stats.requests,
				createRequests: stats.createRequests,
				creates: tasks.size, // tasks are kept until reset, which also resets the counters
				statusReads: stats.statusReads,
				statusReadsByTask,
				fileDownloads: stats.fileDownloads,
				peakInFlightCreates: stats.peakInFlightCreates,
				peakInFlightRequests: stats.peakInFlightRequests,
				faultsApplied: stats.faultsApplied,
				callbacksSent: stats.callbacksSent,
				inFlightCreates,
				inFlightRequests,
				tasks: tasks.size,
			};
		},
		reset() {
			for (const t of tasks.values()) {
				if (t.timer) {
					clearTimeout(t.timer);
					timers.delete(t.timer);
				}
			}
			requests.length = 0;
			tasks.clear();
			callbacks.length = 0;
			faults = [];
			taskSeconds = initial.taskSeconds;
			resetStats();
			return api;
		},
		close() {
			if (closing) return closing;
			for (const t of timers) clearTimeout(t);
			timers.clear();
			for (const h of hung) h.req.socket.destroy();
			hung.clear();
			closing = new Promise((resolve) => {
				server.close(() => resolve());
				if (server.closeAllConnections) server.closeAllConnections();
			});
			return closing;
		},
	};
	return api;
}

module.exports = { startSimulator };
