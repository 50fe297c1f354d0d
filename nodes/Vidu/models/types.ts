/**
 * What the catalogue holds about a model. Every limit names its source, a key of the project's family
 * fact table (shared/api/VIDU-FAMILY.md, "Source keys"): `D-…` the provider's own docs, `C` its CLI,
 * `T:…` a third party. The node refuses before sending only what a `D-…` source states; any other
 * limit is shown in the field's description and left to the API.
 */
export type Source = string;

export const MODES = ['image', 'startEnd', 'text', 'reference', 'extend'] as const;
export type Mode = (typeof MODES)[number];

export interface Sourced {
	source: Source;
}

/** A whole-number range (inclusive) with the default the form starts from. */
export interface RangeLimit extends Sourced {
	min: number;
	max: number;
	default: number;
}

/** A fixed list of values; `byDuration` narrows it where the model ties it to the duration. */
export interface ChoiceLimit<T extends string | number> extends Sourced {
	values: T[];
	default: T;
}

export interface ResolutionLimit extends ChoiceLimit<string> {
	byDuration?: Record<number, { values: string[]; default: string }>;
}

export interface ModelSpec {
	id: string;
	/** The model's name in the form, e.g. "Vidu Q2 Turbo". */
	name: string;
	mode: Mode;
	/** Where the id is listed (VIDU-FAMILY.md §1a, "listed"). */
	listedIn: Source[];
	/** The other spelling of the id, accepted in Custom Model ID and sent as `id` (docs/api-notes.md). */
	alias?: { id: string; source: Source };
	/** How many images the body's `images` (or its subjects) carry. */
	images?: { min: number; max: number; source: Source };
	/** Reference only: the images may go as subjects that the prompt names as @id. */
	subjects?: Sourced & {
		maxImagesEach: number;
		/** No plain list: the provider's docs show the images only as subjects. */
		only?: boolean;
		/** Each subject may carry its own `voice_id` (used only with audio). */
		voice?: boolean;
	};
	/** Reference only: reference videos beside the images, as `videos` (URL or data URL). */
	videos?: Sourced & { max: number; /** At most this many images when videos are given. */ imagesWithVideos: number; /** An inline video's decoded size must stay under this. */ inlineMaxMb: number };
	prompt: { required: boolean; maxChars?: number; source?: Source };
	duration?: RangeLimit | ChoiceLimit<number>;
	resolution?: ResolutionLimit;
	aspectRatio?: ChoiceLimit<string>;
	style?: ChoiceLimit<string>;
	movement?: ChoiceLimit<string>;
	audio?: Sourced & { default: boolean; voice: boolean };
	bgm?: Sourced;
	isRec?: Sourced;
	offPeak?: Sourced;
	/** `number`: wm_position 1–4; `name`: wm_position top_left … bottom_left. */
	watermark?: Sourced & { position: 'number' | 'name' };
	/** Extend only: the video to continue, by URL or by an earlier creation's id. */
	video?: Sourced;
	/** What the form says of the model beside its id (a conflict between sources). */
	note?: string;
}

/** A limit the node enforces before sending: only the provider's own docs. */
export const fromProviderDocs = (limit: { source?: Source } | undefined): boolean =>
	limit?.source !== undefined && limit.source.startsWith('D-');

export const isRange = (limit: RangeLimit | ChoiceLimit<number>): limit is RangeLimit => 'min' in limit;
