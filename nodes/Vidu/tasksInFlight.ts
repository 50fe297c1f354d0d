import type { Logger } from 'n8n-workflow';

/**
 * n8n's declarative routing starts every item's request at once; this gate caps how many tasks one node
 * run has in flight (created and not yet ended). The cap is the user's Max Tasks in Flight; when the API
 * answers a create with 429 the limit halves (once per wave: a 429 to a create admitted before the last
 * cut does not cut again) and it grows back by one per successful create. Items wait for a slot in
 * arrival order; none retries on its own past the gate. n8n's log (info) shows every cut and the way
 * back in doublings, so a 1000-item batch adds a handful of lines, not one per create; each step is
 * at debug level.
 */
export interface Slot {
	release(): void;
}

interface AdmittedSlot extends Slot {
	/** How many cuts the limit had seen when this slot was granted. */
	cuts: number;
}

export class TasksInFlight {
	private limit: number;

	private active = 0;

	private cuts = 0;

	/** Where the last info line about the limit left it. */
	private reportedLimit: number;

	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly cap: number,
		private readonly logger: Logger,
	) {
		this.limit = cap;
		this.reportedLimit = cap;
	}

	get currentLimit(): number {
		return this.limit;
	}

	async acquire(): Promise<Slot> {
		if (this.active < this.limit && this.waiting.length === 0) {
			this.active++;
		} else {
			// The slot is handed over by release() or a raised limit, already counted as active.
			await new Promise<void>((resolve) => this.waiting.push(resolve));
		}
		let released = false;
		const slot: AdmittedSlot = {
			cuts: this.cuts,
			release: () => {
				if (released) return;
				released = true;
				this.active--;
				this.admit();
			},
		};
		return slot;
	}

	/** A create was refused with 429: fewer tasks in flight, unless this wave was already answered. */
	rateLimited(slot: Slot): void {
		if ((slot as AdmittedSlot).cuts !== this.cuts || this.limit === 1) return;
		this.cuts++;
		const lowered = Math.max(1, Math.floor(this.limit / 2));
		this.logger.info(`Vidu: tasks in flight limit ${this.limit} -> ${lowered} (429 from the API)`);
		this.reportedLimit = lowered;
		this.setLimit(lowered);
	}

	/** A create went through: one more task may be in flight, up to the cap. */
	succeeded(): void {
		if (this.limit >= this.cap) return;
		const raised = this.limit + 1;
		if (raised === this.cap || raised >= 2 * this.reportedLimit) {
			this.logger.info(`Vidu: tasks in flight limit ${this.reportedLimit} -> ${raised} (recovering)`);
			this.reportedLimit = raised;
		} else {
			this.logger.debug(`Vidu: tasks in flight limit ${this.limit} -> ${raised} (recovering)`);
		}
		this.setLimit(raised);
	}

	private setLimit(limit: number): void {
		this.limit = limit;
		this.admit();
	}

	private admit(): void {
		while (this.active < this.limit && this.waiting.length > 0) {
			this.active++;
			this.waiting.shift()?.();
		}
	}
}

const gates = new WeakMap<object, TasksInFlight>();

/** The gate of one node run: its items share `run` (n8n's execute data for the node), so runs never share one. */
export function tasksInFlightFor(run: object, cap: number, logger: Logger): TasksInFlight {
	let gate = gates.get(run);
	if (!gate) {
		gate = new TasksInFlight(Math.max(1, Math.floor(cap)), logger);
		gates.set(run, gate);
	}
	return gate;
}
