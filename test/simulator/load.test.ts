import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import axios from 'axios';
import { Simulator } from '../../simulator';
import { start, waitFor, receiver, KEY } from './helpers';

const MB = 1024 * 1024;

/** The peak resident memory of a process so far (Linux: VmHWM), in bytes. */
function peakRss(pid: number): number {
	const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return Number(m![1]) * 1024;
}

/** Reads a URL to its end, counting the bytes and keeping none. */
function drain(url: string): Promise<{ status: number; length: number; bytes: number }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
				let bytes = 0;
				res.on('data', (c: Buffer) => (bytes += c.length));
				res.on('end', () => resolve({ status: res.statusCode!, length: Number(res.headers['content-length']), bytes }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

const linux = process.platform === 'linux' ? describe : describe.skip;
linux('a 200 MB result video is streamed, never held in memory', () => {
	let child: ChildProcess;
	let url: string;
	beforeAll(async () => {
		child = spawn(process.execPath, [path.join(__dirname, '..', '..', 'simulator', 'cli.js')], {
			env: { ...process.env, VTRIX_SIM_PORT: '0', VTRIX_SIM_API_KEY: KEY, VTRIX_SIM_TASK_SECONDS: '0', VTRIX_SIM_QUIET: '1' },
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		url = await new Promise<string>((resolve) => {
			let out = '';
			child.stdout!.on('data', (c) => {
				out += c;
				const m = /listening on (http:\S+)/.exec(out);
				if (m) resolve(m[1]);
			});
		});
	});
	afterAll(() => {
		child.kill('SIGTERM');
	});

	it('the simulator process peaks far below the size of the video it serves', async () => {
		const headers = { Authorization: `Bearer ${KEY}` };
		const c = await axios.post(`${url}/model/v1/generation`, { model: 'viduq2_turbo_img2video', images: ['https://example.com/a.png'], prompt: '[sim:bigvideo=200]' }, { headers });
		const task = await waitFor(async () => {
			const r = await axios.get(`${url}/model/v1/generation/task/${c.data.id}`, { headers });
			return r.data.status === 'completed' ? r.data : undefined;
		});
		const before = peakRss(child.pid!);
		const d = await drain(task.output[0].content[0].url);
		expect(d).toEqual({ status: 200, length: 200 * MB, bytes: 200 * MB });
		// a copy of the video in memory would add 200 MB; streaming adds socket buffers and the 256 KiB chunk
		expect(peakRss(child.pid!) - before).toBeLessThan(64 * MB);
	});
});

describe('200 tasks at once, each taking its task time', () => {
	let sim: Simulator;
	afterAll(() => sim.close());

	it('no task ends before its time, none takes twice its time; reads are exact', async () => {
		const T = 2;
		const hook = await receiver();
		try {
			let api;
			({ sim, api } = await start({ taskSeconds: T }));
			const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });
			const created = await Promise.all(
				Array.from({ length: 200 }, (_, i) =>
					api.post(
						'/model/v1/generation',
						{ model: 'viduq2_turbo_img2video', images: ['https://example.com/a.png'], payload: `item-${i}`, callback_url: `${hook.url}/cb` },
						{ httpAgent: agent },
					),
				),
			);
			expect(created.every((c) => c.status === 200)).toBe(true);
			// a read is computed from the clock: right after its create, no task is done
			const early = await Promise.all(created.map((c) => api.get(`/model/v1/generation/task/${c.data.id}`, { httpAgent: agent })));
			const now = Date.now();
			const notDue = early.filter((r, i) => sim.tasks.get(created[i].data.id)!.dueMs! > now);
			expect(notDue.every((r) => r.data.status !== 'completed')).toBe(true);
			await waitFor(() => hook.calls.length === 200, 20000);
			agent.destroy();
			for (const t of sim.tasks.values()) {
				expect(t.dueMs).toBe(t.createdMs + T * 1000);
				expect(t.endedMs! - t.createdMs).toBeGreaterThanOrEqual(T * 1000 - 1); // a timer may fire 1 ms early
			}
			const s = sim.stats();
			expect(s).toMatchObject({ creates: 200, tasksInFlight: 0 });
			// the simulator's own lateness (tens of ms for 200 tasks of 10 s, simulator/README.md) is no speed goal here:
			// only that a task never runs on for another task time, even on a loaded machine
			expect(s.maxEndLagMs).toBeLessThan(T * 1000);
			expect(new Set(hook.calls.map((c) => c.body.metadata.payload)).size).toBe(200);
		} finally {
			await hook.close();
		}
	});
});
