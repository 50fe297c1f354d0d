/**
 * n8n's declarative routing starts every item's request at once; this caps how many tasks one node
 * run has in flight. Slots are keyed by execution and node, so parallel executions do not share them.
 */
interface Gate {
	active: number;
	waiting: Array<() => void>;
}

const gates = new Map<string, Gate>();

export async function acquireSlot(key: string, limit: number): Promise<() => void> {
	let gate = gates.get(key);
	if (!gate) {
		gate = { active: 0, waiting: [] };
		gates.set(key, gate);
	}
	const current = gate;
	if (current.active >= Math.max(1, limit)) {
		await new Promise<void>((resolve) => current.waiting.push(resolve));
	} else {
		current.active++;
	}
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const next = current.waiting.shift();
		if (next) {
			next();
			return;
		}
		current.active--;
		if (current.active === 0) gates.delete(key);
	};
}
