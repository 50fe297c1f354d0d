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
	fault?: { kind: 'status' | 'delay' | 'destroy-before' | 'destroy-after' | 'hang' } & Record<string, unknown>;
}

export interface CallbackLogEntry {
	taskId: string;
	url: string;
	status: number | null;
	error: string | null;
	at: number;
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
	callbacksSent: number;
	inFlightCreates: number;
	inFlightRequests: number;
	tasks: number;
}

export interface SimTask {
	id: string;
	idField: 'id' | 'task_id';
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
	inject(fault: FaultRule | FaultRule[]): Simulator;
	clearFaults(): Simulator;
	setTaskSeconds(n: number): Simulator;
	finishTask(id: string, opts?: { fail?: number | string | boolean }): boolean;
	taskView(id: string): any;
	stats(): SimulatorStats;
	reset(): Simulator;
	close(): Promise<void>;
}

export function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
