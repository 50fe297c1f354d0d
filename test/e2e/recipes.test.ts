/*
 * The recipes of examples/ in a real n8n server (`n8n start`) on each line, activated and run
 * through n8n's REST API, with the simulator calling the production webhook URLs when tasks end:
 * - batch by callback: the create workflow records each task in the Data Table ledger and ends at once;
 *   the receive workflow finishes each task once (claim, video); replays, forged, unknown and bad calls
 *   start nothing;
 * - its sweep: callbacks lost on the way, a task still running at a sweep, a callback after the sweep
 *   finished the task: every task reaches the last node exactly once;
 * - a 200 MB video: the callback's answer time as the simulator measured it (printed), the file whole;
 * - a caller that stops waiting while the trigger reads the task: the execution still starts;
 * - one item, no worker held: Create → Wait (resumed by the callback) → Get Status with the video.
 * The lines run one after the other (one server at a time on a shared 2-core machine).
 */
import { createHash } from 'crypto';

import type { Simulator } from '../../simulator';
import { closeLine, LINES, SAMPLE_MP4, SIM_KEY, startSim, workflowId, type Line } from './helpers';
import { hasEnded, loadRecipe, nodeItems, post, postAndHangUp, startServerLine, waitFor, withFastSweep, type Execution, type ServerLine } from './recipes-helpers';

const RECEIVE = 'batch-by-callback-receive.json';
const CREATE = 'batch-by-callback-create.json';
const ONE_ITEM = 'one-item-wait.json';
const BIG_VIDEO_MB = 200;
const LAST_NODE = 'Upload the Video (replace me)';
/** The fast-sweep copy of the receive recipe: its own trigger URL, a sweep every 4 s of tasks older than 2 s. */
const SWEEP_EVERY_S = 4;
const SWEEP_GRACE_S = 2;
const SWEEP_WEBHOOK_ID = '0f6d2c3a-9b8e-4d71-a5c4-3e2b1f0a9d77';
/** Execution statuses of an execution that has not ended (the list has no `finished` flag on 2.x). */
const UNFINISHED = ['new', 'running', 'waiting', 'unknown'];

let sim: Simulator;
beforeAll(async () => {
	sim = await startSim();
});
afterAll(async () => await sim?.close());

/** A task made straight at the simulator (as another workflow's Vidu Create would), calling `callbackUrl`. */
async function createTask(prompt: string, callbackUrl: string): Promise<string> {
	const response = await fetch(`${sim.url}/model/v1/generation`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${SIM_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ model: 'viduq2_turbo_img2video', images: [`${sim.url}/images/sample.png`], prompt, callback_url: callbackUrl }),
	});
	return ((await response.json()) as { id: string }).id;
}

const answeredCallback = (taskId: string) => async () =>
	sim.callbacks.find((entry) => entry.taskId === taskId && (entry as { ms?: number | null }).ms != null);

describe.each(LINES)('n8n %s: recipes', (line: Line) => {
	const ids = {
		receive: workflowId(line, 'RecipeReceive'),
		create: workflowId(line, 'RecipeCreate'),
		oneItem: workflowId(line, 'RecipeOneItem'),
		sweepReceive: workflowId(line, 'RecipeSweepReceive'),
		sweepCreate: workflowId(line, 'RecipeSweepCreate'),
	};
	let n8n: ServerLine | undefined;
	let productionUrl: string;

	/** Ended executions started by the Vidu Trigger (not by the sweep's schedule). */
	const finished = (workflow: string, count: number) => async () => {
		const done = (await n8n!.executions(workflow)).filter((e) => e.mode === 'webhook' && !UNFINISHED.includes(e.status));
		return done.length >= count ? done : undefined;
	};
	const execution = async (id: string) => await n8n!.execution(id);

	beforeAll(async () => {
		n8n = await startServerLine(line, sim.url, (url) => {
			const sweepUrl = `${url}/webhook/${SWEEP_WEBHOOK_ID}/callback`;
			const create = loadRecipe(CREATE, sim.url, url, ids.sweepCreate);
			const shippedUrl = `${url}/webhook/${loadRecipe(RECEIVE, sim.url, url, ids.receive).nodes.find((node) => node.name === 'Vidu Trigger').webhookId}/callback`;
			return [
				loadRecipe(RECEIVE, sim.url, url, ids.receive),
				loadRecipe(CREATE, sim.url, url, ids.create),
				loadRecipe(ONE_ITEM, sim.url, url, ids.oneItem),
				withFastSweep(loadRecipe(RECEIVE, sim.url, url, ids.sweepReceive), SWEEP_EVERY_S, SWEEP_GRACE_S, SWEEP_WEBHOOK_ID),
				{ ...JSON.parse(JSON.stringify(create).split(shippedUrl).join(sweepUrl)), name: 'create (fast sweep)' },
			];
		});
		await n8n.useLedger([ids.receive, ids.create, ids.sweepReceive, ids.sweepCreate]);
		const trigger = loadRecipe(RECEIVE, sim.url, n8n.url, ids.receive).nodes.find((node) => node.name === 'Vidu Trigger');
		productionUrl = `${n8n.url}/webhook/${trigger.webhookId}/callback`;
		await n8n.activate(ids.receive, productionUrl);
	});

	afterAll(async () => {
		await n8n?.stop();
		closeLine(n8n?.ctx);
	});

	describe('batch by callback', () => {
		let triggerRuns: Execution[];
		let createdIds: string[];

		beforeAll(async () => {
			sim.setTaskSeconds(4);
			const createRun = await n8n!.run(ids.create);
			const created = await waitFor('the create workflow to end', async () => {
				const run = await execution(createRun);
				return hasEnded(run) ? run : undefined;
			});
			if (created.status !== 'success') throw new Error(`the create workflow ended ${created.status}: ${JSON.stringify(created.data.resultData.error)}`);
			createdIds = nodeItems(created, 'Vidu Create').map((item) => item.json.taskId);
			// The create workflow is over while every task still runs: nothing is running or waiting.
			expect(createdIds.map((id) => sim.tasks.get(id)?.ended)).toEqual([false, false, false]);
			expect((await n8n!.executions()).filter((e) => UNFINISHED.includes(e.status))).toEqual([]);
			const done = await waitFor('three trigger executions', finished(ids.receive, 3)).catch(async (error) => {
				throw new Error(`${error.message}\ncallbacks: ${JSON.stringify(sim.callbacks.map(({ body: _b, ...entry }) => entry))}\nn8n: ${n8n!.output().slice(-3000)}`);
			});
			triggerRuns = await Promise.all(done.map((e) => execution(e.id)));
		});

		it('the create workflow submits one task per image, each with the trigger URL and its own payload', () => {
			expect(createdIds).toHaveLength(3);
			const bodies = createdIds.map((id) => sim.tasks.get(id)!.request);
			expect(bodies.map((body) => body.callback_url)).toEqual([productionUrl, productionUrl, productionUrl]);
			expect(bodies.map((body) => body.payload)).toEqual(['shot-1', 'shot-2', 'shot-3']);
		});

		it('records each task in the ledger; each finished task starts one trigger execution that claims it and gets its video', async () => {
			const rows = await n8n!.ledgerRows();
			expect(rows.map((row) => row.taskId).sort()).toEqual([...createdIds].sort());
			expect(triggerRuns.map((run) => nodeItems(run, 'Vidu Trigger').length)).toEqual([1, 1, 1]);
			// Each row is claimed by the execution its callback started (on 1.x with the SQLite pool the README asks for).
			const claimedBy = new Map(rows.map((row) => [row.taskId, row.claimedBy]));
			expect(triggerRuns.map((run) => run.status)).toEqual(['success', 'success', 'success']);
			for (const run of triggerRuns) expect(claimedBy.get(nodeItems(run, 'Vidu Trigger')[0].json.taskId)).toBe(String(run.id));
			const items = triggerRuns.map((run) => nodeItems(run, LAST_NODE));
			expect(items.map((list) => list.length)).toEqual([1, 1, 1]);
			expect(items.map(([item]) => item.json.taskId).every((id) => createdIds.includes(id))).toBe(true);
			for (const [item] of items) {
				expect(item.json).toMatchObject({ status: 'completed', videoUrl: `${sim.url}/files/${item.json.taskId}.mp4`, cost: '0.07' });
				expect(n8n!.readBinary(item.binary?.data).equals(SAMPLE_MP4)).toBe(true);
			}
			expect(items.map(([item]) => item.json.metadata.payload).every((p) => ['shot-1', 'shot-2', 'shot-3'].includes(p))).toBe(true);
		});

		it('the simulator called the production URL once per task and got 200 each time', () => {
			const calls = sim.callbacks.filter((entry) => createdIds.includes(entry.taskId));
			expect(calls.map((entry) => [entry.url, entry.status])).toEqual(createdIds.map(() => [productionUrl, 200]));
		});

		it('a replayed, forged, unknown or malformed call starts nothing (the next real task does)', async () => {
			const replayed = createdIds[0];
			sim.deliverCallback(replayed);
			const replay = await waitFor('the replayed callback', async () =>
				sim.callbacks.filter((e) => e.taskId === replayed && (e as { ms?: number | null }).ms != null)[1],
			);
			expect(replay.status).toBe(200);
			expect(await post(productionUrl, JSON.stringify({ id: replayed }))).toEqual({
				status: 200,
				json: { taskId: replayed, started: false, message: `Task ${replayed} already started this workflow: nothing started` },
			});

			const running = await createTask('[sim:never]', 'http://127.0.0.1:9/unused');
			const forged = { id: running, status: 'completed', output: [{ content: [{ type: 'video', url: 'https://attacker.example/x.mp4' }] }] };
			const forgedAnswer = await post(productionUrl, JSON.stringify(forged));
			expect(forgedAnswer.status).toBe(200);
			expect(forgedAnswer.json).toMatchObject({ taskId: running, started: false });

			expect(await post(productionUrl, JSON.stringify({ id: 'task_unknown_0001' }))).toMatchObject({ status: 404 });
			expect(await post(productionUrl, 'hello', 'text/plain')).toMatchObject({ status: 400, json: { message: expect.stringContaining('not JSON') } });
			expect(await post(productionUrl, JSON.stringify({ status: 'completed' }))).toMatchObject({ status: 400 });
			// n8n parses a JSON body before the trigger runs and answers a broken one itself (README, Vidu Trigger).
			const broken = await post(productionUrl, '{"id": ', 'application/json');
			process.stderr.write(`[e2e] n8n ${line}: a broken JSON body is answered ${broken.status} ${JSON.stringify(broken.json).slice(0, 400)}\n`);
			expect(broken.status).toBe(422);
			expect(broken.json.message).toBe('Failed to parse request body');

			const fresh = await createTask('[sim:seconds=0.5]', productionUrl);
			const done = await waitFor('the fresh task to start the fourth execution', finished(ids.receive, 4));
			expect(done).toHaveLength(4);
			const newest = await execution(done[0].id);
			expect(nodeItems(newest, 'Vidu Trigger')[0].json.taskId).toBe(fresh);
		});

		it(`a ${BIG_VIDEO_MB} MB video: the callback is answered at once, the item gets the whole file`, async () => {
			const before = (await n8n!.executions(ids.receive)).filter((e) => e.mode === 'webhook').length;
			// As the create workflow does: the task is recorded in the ledger right after it is created.
			const taskId = await createTask(`[sim:bigvideo=${BIG_VIDEO_MB}][sim:seconds=2]`, productionUrl);
			await n8n!.recordTasks([taskId]);
			const callback = await waitFor('the callback of the big video', answeredCallback(taskId));
			process.stderr.write(`[e2e] n8n ${line}: callback of a ${BIG_VIDEO_MB} MB video answered in ${(callback as { ms?: number }).ms} ms\n`);
			expect(callback.status).toBe(200);
			const done = await waitFor('the big video execution', finished(ids.receive, before + 1), 180_000);
			const run = await execution(done[0].id);
			const [item] = nodeItems(run, LAST_NODE);
			expect(item.json.taskId).toBe(taskId);
			const stored = n8n!.readBinary(item.binary?.data);
			const served = Buffer.from(await (await fetch(`${sim.url}/files/${taskId}.mp4`)).arrayBuffer());
			expect(stored.length).toBe(BIG_VIDEO_MB * 1024 * 1024);
			expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(served).digest('hex'));
		});
		it('a call whose caller stops waiting while the task is read still starts its execution', async () => {
			const before = (await n8n!.executions(ids.receive)).filter((e) => e.mode === 'webhook').length;
			// The simulator calls nowhere: this test makes the one call. The read takes 0.6 s (the trigger waits 0.75 s
			// for it); the caller hangs up after 0.2 s.
			const taskId = await createTask('[sim:seconds=0.2]', 'http://127.0.0.1:9/unused');
			await waitFor('the task to end', async () => sim.tasks.get(taskId)?.ended || undefined);
			sim.inject({ method: 'GET', path: `/model/v1/generation/task/${taskId}`, delayMs: 600 });
			await postAndHangUp(productionUrl, JSON.stringify({ id: taskId }), 200);
			const done = await waitFor('the execution of the call nobody waited for', finished(ids.receive, before + 1));
			const run = await execution(done[0].id);
			expect(nodeItems(run, 'Vidu Trigger').map((item) => item.json.taskId)).toEqual([taskId]);
		});
	});

	describe('batch by callback: the sweep finishes what no callback did', () => {
		const sweepUrl = () => `${n8n!.url}/webhook/${SWEEP_WEBHOOK_ID}/callback`;
		let createdIds: string[];
		let slowId: string;
		/** Task id → the executions of the fast-sweep workflow whose last node got it. */
		const reachedLastNode = async () => {
			const byTask = new Map<string, string[]>();
			for (const e of await n8n!.executions(ids.sweepReceive)) {
				if (UNFINISHED.includes(e.status)) continue;
				for (const item of nodeItems(await execution(e.id), LAST_NODE)) byTask.set(item.json.taskId, [...(byTask.get(item.json.taskId) ?? []), e.id]);
			}
			return byTask;
		};

		beforeAll(async () => {
			sim.setTaskSeconds(3);
			// Every callback is lost on the way: only the sweep can finish these tasks.
			sim.setCallbackDelivery({ lost: 1 });
			await n8n!.activate(ids.sweepReceive, sweepUrl());
			const createRun = await n8n!.run(ids.sweepCreate);
			const created = await waitFor('the create workflow to end', async () => {
				const run = await execution(createRun);
				return hasEnded(run) ? run : undefined;
			});
			createdIds = nodeItems(created, 'Vidu Create').map((item) => item.json.taskId);
			// A task that is still running at the first sweeps, recorded as the create workflow does.
			slowId = await createTask('[sim:seconds=14]', sweepUrl());
			await n8n!.recordTasks([slowId]);
			await waitFor('every task at the last node', async () => {
				const reached = await reachedLastNode();
				return [...createdIds, slowId].every((id) => reached.has(id)) ? reached : undefined;
			}, 90_000);
		}, 150_000);

		afterAll(() => sim.setCallbackDelivery({ lost: 0 }));

		it('with every callback lost, each recorded task reaches the last node once, by the sweep', async () => {
			expect(sim.callbacks.filter((e) => createdIds.includes(e.taskId)).map((e) => e.lost)).toEqual([true, true, true]);
			const reached = await reachedLastNode();
			// Besides these four, the sweep also finishes any row an earlier run left unclaimed: each once.
			for (const id of [...createdIds, slowId]) expect(reached.get(id)).toHaveLength(1);
			expect([...reached.values()].every((runs) => runs.length === 1)).toBe(true);
			const rows = await n8n!.ledgerRows();
			for (const id of [...createdIds, slowId]) {
				const row = rows.find((r) => r.taskId === id)!;
				expect(reached.get(id)).toEqual([row.claimedBy]);
			}
		});

		it('a task still running at a sweep is read and left; a later sweep finishes it once it has ended', () => {
			const task = sim.tasks.get(slowId)!;
			const readsWhileRunning = sim.requests.filter((r) => r.method === 'GET' && r.path.endsWith(`/task/${slowId}`) && r.at < task.endedMs!);
			expect(readsWhileRunning.length).toBeGreaterThanOrEqual(1);
		});

		it('a callback that arrives after the sweep finished its task reaches nothing past the claim', async () => {
			sim.setCallbackDelivery({ lost: 0 });
			const late = createdIds[0];
			const before = (await n8n!.executions(ids.sweepReceive)).filter((e) => e.mode === 'webhook').length;
			sim.deliverCallback(late);
			const answered = await waitFor('the late callback', async () => sim.callbacks.find((e) => e.taskId === late && e.kind === 'manual' && e.ms != null));
			expect(answered.status).toBe(200);
			const done = await waitFor('its execution', async () => {
				const runs = (await n8n!.executions(ids.sweepReceive)).filter((e) => e.mode === 'webhook' && !UNFINISHED.includes(e.status));
				return runs.length > before ? runs : undefined;
			});
			const run = await execution(done[0].id);
			expect(run.status).toBe('success');
			expect(nodeItems(run, 'Vidu Trigger').map((item) => item.json.taskId)).toEqual([late]);
			expect(nodeItems(run, 'Claim the Task')).toEqual([]);
			expect(nodeItems(run, LAST_NODE)).toEqual([]);
			expect((await reachedLastNode()).get(late)).toHaveLength(1);
		});

		it('a sweep with nothing left to finish claims nothing', async () => {
			const since = Date.now();
			const next = await waitFor('a sweep that starts now', async () =>
				(await n8n!.executions(ids.sweepReceive)).find(
					(e) => e.mode === 'trigger' && !UNFINISHED.includes(e.status) && Date.parse((e as { startedAt?: string }).startedAt ?? '') >= since,
				), 30_000);
			const sweep = await execution(next.id);
			expect(sweep.status).toBe('success');
			const left = nodeItems(sweep, 'Unfinished Tasks').map((item) => item.json.taskId);
			expect(left.filter((id) => [...createdIds, slowId].includes(id))).toEqual([]);
			expect(nodeItems(sweep, 'Claim the Task')).toEqual([]);
		});
	});

	describe('one item, no worker held', () => {
		let waiting: Execution;
		let run: Execution;

		beforeAll(async () => {
			sim.setTaskSeconds(4);
			const id = await n8n!.run(ids.oneItem).catch((error) => {
				throw new Error(`${error.message}\nn8n: ${n8n!.output().slice(-3000)}`);
			});
			waiting = await waitFor('the execution to wait for the callback', async () => {
				const now = await execution(id);
				return now.status === 'waiting' || now.finished ? now : undefined;
			});
			run = await waitFor('the execution to resume and end', async () => {
				const now = await execution(id);
				return hasEnded(now) ? now : undefined;
			});
		});

		it('parks the execution (waiting) while the task runs, and resumes it when the provider calls', () => {
			expect(waiting.status).toBe('waiting');
			const taskId = nodeItems(waiting, 'Vidu Create')[0].json.taskId;
			expect(sim.tasks.get(taskId)!.request.callback_url).toMatch(new RegExp(`^${n8n!.url}/webhook-waiting/${run.id}`));
			expect(sim.callbacks.filter((entry) => entry.taskId === taskId).map((entry) => entry.status)).toEqual([200]);
		});

		it('Get Status reads the task by the id Create returned and downloads the video', () => {
			expect(run.status).toBe('success');
			const createdId = nodeItems(run, 'Vidu Create')[0].json.taskId;
			const [item] = nodeItems(run, 'Vidu Get Status');
			expect(item.json).toMatchObject({ taskId: createdId, status: 'completed' });
			expect(n8n!.readBinary(item.binary?.data).equals(SAMPLE_MP4)).toBe(true);
		});
	});
});
