import { isRepeatedDelivery, readOnce, remember, REMEMBERED_TASKS } from '../../nodes/ViduTrigger/deliveries';

describe('remembered deliveries', () => {
	it('keep the most recent IDs, a repeated one moved to the end', () => {
		expect(remember(['a', 'b', 'c'], 'd', 3)).toEqual(['b', 'c', 'd']);
		expect(remember(['a', 'b', 'c'], 'a', 3)).toEqual(['b', 'c', 'a']);
	});

	it(`hold at most ${REMEMBERED_TASKS} task IDs in the workflow static data, forgetting the oldest`, () => {
		const staticData = {};
		for (let i = 0; i <= REMEMBERED_TASKS; i++) expect(isRepeatedDelivery('bounded', staticData, `task_${i}`)).toBe(false);
		const stored = (staticData as { deliveredTaskIds: string[] }).deliveredTaskIds;
		expect(stored).toHaveLength(REMEMBERED_TASKS);
		expect(stored[0]).toBe('task_1');
		expect(stored[REMEMBERED_TASKS - 1]).toBe(`task_${REMEMBERED_TASKS}`);
	});

	it('ignore what is not a list of IDs in the static data', () => {
		const staticData = { deliveredTaskIds: 'task_1' };
		expect(isRepeatedDelivery('garbled', staticData, 'task_1')).toBe(false);
		expect(staticData.deliveredTaskIds).toEqual(['task_1']);
	});
});

describe('reads of a task', () => {
	it('are shared while one is under way, and made afresh once it has ended (also after a failure)', async () => {
		let calls = 0;
		const read = async () => {
			const call = ++calls;
			await new Promise((resolve) => setImmediate(resolve));
			if (call === 1) throw new Error('API unreachable');
			return `task read ${call}`;
		};
		const first = await Promise.allSettled([readOnce('node', 'task_1', read), readOnce('node', 'task_1', read)]);
		expect(first.map((r) => r.status)).toEqual(['rejected', 'rejected']);
		expect(calls).toBe(1);
		await expect(readOnce('node', 'task_1', read)).resolves.toBe('task read 2');
		await expect(Promise.all([readOnce('node', 'task_2', read), readOnce('other node', 'task_2', read)])).resolves.toEqual(['task read 3', 'task read 4']);
	});
});
