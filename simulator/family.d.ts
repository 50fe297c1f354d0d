export type FamilyMode = 'img2video' | 'start-end' | 'text2video' | 'reference2video' | 'extend';
export type FamilyInput = 'image' | 'frames' | 'none' | 'images' | 'images+videos' | 'subjects' | 'video';

/** One video model of the simulated gateway (simulator/family.js; limits from the provider's docs). */
export interface FamilyModel {
	id: string;
	mode: FamilyMode;
	input: FamilyInput;
	prompt: { required: boolean; max: number };
	duration: { min?: number; max?: number; values?: number[]; default: number };
	resolutions: string[];
	/** Narrower resolutions at one duration (e.g. vidu20_img2video: 720p only at 8 s). */
	byDuration?: Record<number, string[]>;
	aspectRatios?: string[];
	styles?: string[];
	wmPosition: 'int' | 'string';
	/** The body fields accepted besides `model`. */
	fields: ReadonlySet<string>;
}

export const MODELS: FamilyModel[];
/** alias -> the id it stands for. */
export const ALIASES: Readonly<Record<string, string>>;
/** The entry of an id or alias; null for an id the simulated gateway does not serve. */
export function modelEntry(id: unknown): FamilyModel | null;
