'use strict';
/*
 * A round-robin HTTP load balancer on loopback, in front of several n8n webhook processors: what a
 * user's load balancer (nginx, a cloud LB) does when they scale webhook processors out. Each request
 * goes whole to the next processor; a processor that cannot be reached answers 502.
 *
 *   const lb = await startBalancer(['http://127.0.0.1:5680', 'http://127.0.0.1:5681']);
 *   lb.url; lb.counts; await lb.close();
 */
const http = require('http');

async function startBalancer(targets) {
	const upstreams = targets.map((t) => new URL(t));
	const counts = upstreams.map(() => 0);
	let next = 0;
	const server = http.createServer((req, res) => {
		const i = next;
		next = (next + 1) % upstreams.length;
		counts[i]++;
		const target = upstreams[i];
		const upstream = http.request(
			{ hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false },
			(answer) => {
				res.writeHead(answer.statusCode, answer.headers);
				answer.pipe(res);
			},
		);
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		// A caller that gives up closes its side; the processor is then told the same.
		req.on('aborted', () => upstream.destroy());
		req.pipe(upstream);
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		counts,
		close: () => new Promise((resolve) => server.close(() => resolve())),
	};
}

module.exports = { startBalancer };
