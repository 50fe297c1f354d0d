import { acquireSlot } from '../../nodes/Vidu/concurrency';

describe('acquireSlot', () => {
	it('lets at most `limit` holders in at once, the rest in arrival order', async () => {
		let active = 0;
		let peak = 0;
		const order: number[] = [];
		const work = async (index: number) => {
			const release = await acquireSlot('execution-1:Vidu', 2);
			active++;
			peak = Math.max(peak, active);
			order.push(index);
			await new Promise((resolve) => setTimeout(resolve, 20));
			active--;
			release();
			release(); // a second release must not free another slot
		};
		await Promise.all([0, 1, 2, 3, 4, 5].map(work));
		expect(peak).toBe(2);
		expect(order).toEqual([0, 1, 2, 3, 4, 5]);
	});

	it('keeps executions apart', async () => {
		const first = await acquireSlot('execution-a:Vidu', 1);
		const other = await Promise.race([
			acquireSlot('execution-b:Vidu', 1).then(() => 'got a slot'),
			new Promise((resolve) => setTimeout(() => resolve('blocked'), 50)),
		]);
		expect(other).toBe('got a slot');
		first();
	});
});
