import type { Server } from 'http';

export interface SimulatorOptions {
	/** 0 = any free port (default 0). */
	port?: number;
	/** Default 127.0.0.1 (loopback only). */
	host?: string;
	/** Default 'sim-key'. */
	apiKey?: string;
	/** Wall time of a task from create to its end, in seconds (default 3). */
	taskSeconds?: number;
	/** No per-request console lines (default true for the JS API; the CLI is verbose). */
	quiet?: boolean;
	/** Keep whole request bodies (with image data) in sim.requests (default false: image data is cut). */
	keepBodies?: boolean;
	/** Length cap of sim.requests (default 10000, oldest dropped). */
	maxLogEntries?: number;
	/** Timeout of callback POSTs (default 5000 ms). */
	callbackTimeoutMs?: number;
	/** How callbacks are delivered (default: once, at the task's end, no retry); reset() comes back to this. */
	callbackDelivery?: Partial<CallbackDelivery> | CallbackProvider;
	/** A create throttle whose window starts when the simulator starts (and again at each reset()). */
	throttleCreates?: CreateThrottleSettings;
	/** Base of the result video URLs (default sim.url). */
	publicUrl?: string;
	/** Where log lines go when not quiet (default console.log). */
	logger?: (line: string) => void;
}

export interface FaultRule {
	method?: string;
	/** Starting with '/': a prefix of the path (no query). Otherwise: a regular expression source. */
	path?: string | RegExp;
	pathRegex?: string;
	/** How many matching requests it applies to (default 1; -1 = forever). */
	times?: number;
	status?: number;
	headers?: Record<string, string | number>;
	/** A string is sent as is (text/plain unless headers say otherwise); an object as JSON. */
	body?: string | object;
	delayMs?: number;
	destroy?: 'before' | 'after';
	hang?: boolean;
}

export interface RequestLogEntry {
	method: string;
	path: string;
	query: Record<string, string>;
	/** Lower-case names; authorization shown as 'Bearer ***'. */
	headers: Record<string, string | string[] | undefined>;
	/** The raw Authorization header, or null. */
	authorization: string | null;
	authOk: boolean;
	/** Parsed JSON body (inline image data cut), or null. */
	body: any;
	rawBody?: string;
	bodyBytes: number;
	imageBytes?: number | null;
	imageMime?: string | null;
	imageUrl?: string;
	/** Answer status; null when no answer was sent (destroyed, hung, cut). */
	status: number | null;
	at: number;
	ms?: number;
	taskId?: string;
	/** `throttle`: a create the create throttle answered 429. */
	fault?: { kind: 'status' | 'delay' | 'destroy-before' | 'destroy-after' | 'hang' | 'throttle' } & Record<string, unknown>;
}

export interface CallbackDelivery {
	/** Deliveries of each callback even when answered 2xx (the provider sending the same task again); default 1. */
	copies: number;
	/** Between two copies (default 1000 ms). */
	intervalMs: number;
	/** From the task's end to the first delivery (default 0). */
	delayMs: number;
	/** Further attempts of a delivery not answered 2xx or not reached (default 0). */
	retries: number;
	/** Between two attempts (default 1000 ms). */
	retryDelayMs: number;
	/** 1: every delivery is lost on the way (logged, never sent); default 0. */
	lost: number;
}

/** A provider by name: `once` delivers each callback once and never again; `retrying` 4 more times, 3 s apart. */
export type CallbackProvider = 'once' | 'retrying';

export interface CreateThrottleSettings {
	/** Share of the creates answered 429, spread evenly: 0.25 refuses the 1st, 5th, 9th, ... create. */
	fraction: number;
	/** How long the throttle lasts from now; absent or null: until cleared. */
	seconds?: number | null;
	/** The Retry-After header, in seconds (default 1; null: no header). */
	retryAfter?: number | null;
}

export interface CreateThrottle {
	fraction: number;
	seconds: number | null;
	retryAfter: number | null;
	/** Epoch ms the window started and ends (null: no end). */
	from: number;
	until: number | null;
	/** Creates seen in the window, and how many of them were refused. */
	seen: number;
	refused: number;
	active: boolean;
}

export type GaugeName = 'tasksInFlight' | 'inFlightCreates' | 'inFlightRequests';

export interface Concurrency {
	at: number;
	gauges: Record<GaugeName, { now: number; peak: number; timeline: Array<[atMs: number, value: number]> }>;
	/** With windowMs: consecutive windows [from, to) and the min/max of each gauge in it. */
	windows?: Array<{ from: number; to: number } & Record<GaugeName, { min: number; max: number }>>;
}

export interface CallbackLogEntry {
	taskId: string;
	url: string;
	/** `end`: at the task's end; `copy`: a repeated delivery; `retry`: after a non-2xx; `manual`: deliverCallback. */
	kind: 'end' | 'copy' | 'retry' | 'manual';
	/** 1 for a first try, then 2, 3, ... for its retries. */
	attempt: number;
	/** The status the receiver answered; null when none (refused, unreachable, timed out). */
	status: number | null;
	error: string | null;
	/** True when the URL is not called at all (not http(s), or not a loopback address). */
	refused?: boolean;
	/** Set when `lost` dropped it: never sent. */
	lost?: boolean;
	/** When it was sent (epoch ms), and how long the receiver took (null until it answered or failed). */
	at: number;
	ms: number | null;
	/** The JSON POSTed: the task as a read answers it. */
	body?: any;
}

export interface SimulatorStats {
	requests: number;
	createRequests: number;
	creates: number;
	statusReads: number;
	statusReadsByTask: Record<string, number>;
	fileDownloads: number;
	peakInFlightCreates: number;
	peakInFlightRequests: number;
	faultsApplied: number;
	throttledCreates: number;
	/** Callback deliveries the receiver answered (any status). */
	callbacksSent: number;
	inFlightCreates: number;
	inFlightRequests: number;
	/** Tasks created and not yet ended, and the most at once. */
	tasksInFlight: number;
	peakTasksInFlight: number;
	/** The latest an end timer ended a task after its task time, in ms (the simulator's own lateness). */
	maxEndLagMs: number;
	tasks: number;
}

export interface SimTask {
	id: string;
	idField: 'id' | 'task_id';
	/** The id as the create body gave it (an alias stays an alias; simulator/family.js). */
	model: string;
	createdMs: number;
	createdAt: number;
	seconds: number;
	never: boolean;
	fixedStatus: string | null;
	fail?: number | string;
	markers: Record<string, unknown>;
	metadata: Record<string, unknown>;
	callbackUrl: string | null;
	request: any;
	image: any;
	statusReads: number;
	/** True once the task has completed or failed. */
	readonly ended: boolean;
	/** When it ended (epoch ms), and when its end timer was due (null: it ends only by finishTask). */
	endedMs: number | null;
	dueMs: number | null;
	[k: string]: any;
}

export interface Simulator {
	url: string;
	port: number;
	server: Server;
	requests: RequestLogEntry[];
	tasks: Map<string, SimTask>;
	callbacks: CallbackLogEntry[];
	readonly faults: FaultRule[];
	readonly taskSeconds: number;
	readonly callbackDelivery: CallbackDelivery;
	/** The create throttle's window as it stands; null when none is set. */
	readonly createThrottle: CreateThrottle | null;
	inject(fault: FaultRule | FaultRule[]): Simulator;
	clearFaults(): Simulator;
	setTaskSeconds(n: number): Simulator;
	/** Starts a create throttle window now (replacing any); null stops it. */
	throttleCreates(settings: CreateThrottleSettings | null): Simulator;
	/** Changes the given callback delivery settings. */
	setCallbackDelivery(settings: Partial<CallbackDelivery> | CallbackProvider): Simulator;
	finishTask(id: string, opts?: { fail?: number | string | boolean }): boolean;
	/** Delivers a task's callback now, to `url` or its own; false for an unknown task; throws when it has no URL. */
	deliverCallback(id: string, url?: string): boolean;
	taskView(id: string): any;
	stats(): SimulatorStats;
	/** The gauges now, at their peak and over time; with windowMs, min/max per window from `since` (epoch ms). */
	concurrency(opts?: { windowMs?: number; since?: number }): Concurrency;
	reset(): Simulator;
	close(): Promise<void>;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
