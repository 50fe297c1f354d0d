import type { IDataObject, INode } from 'n8n-workflow';

import { oneOf, toBoolean, toWholeNumber, type Fail } from './bodyValues';
import { PAYLOAD_MAX_CHARS, PAYLOAD_MAX_TEXT } from './constants';
import { MODE_NAMES, type ModelSpec } from './models/catalogue';
import { fromProviderDocs, isRange } from './models/types';
import { WATERMARK_POSITION_NAMES } from './models/values';
import { checkHttpUrl } from './urls';

const BOOLEAN_FIELDS = ['audio', 'is_rec', 'bgm', 'off_peak', 'watermark'];
const OFF_UNLESS_CHOSEN = ['is_rec', 'bgm', 'off_peak'];
const OPTIONAL_TEXT_FIELDS = ['prompt', 'voice_id', 'payload', 'wm_url', 'callback_url', 'video_url', 'video_creation_id'];
const URL_FIELDS: Array<[string, string]> = [
	['wm_url', 'Watermark Image URL'],
	['callback_url', 'Callback URL'],
	['video_url', 'Video URL'],
];
const NO_LIMIT = Number.MAX_SAFE_INTEGER;

/**
 * The routed fields of a version-2 create, checked for `model`: values are normalised as in version 1,
 * and a value outside a limit the provider's docs state is refused; other limits are left to the API.
 */
export function checkFamilyFields(node: INode, itemIndex: number, body: IDataObject, model: ModelSpec, fail: Fail): void {
	for (const field of BOOLEAN_FIELDS) {
		if (body[field] !== undefined) body[field] = toBoolean(body[field], field, fail);
	}
	// Off by default everywhere: sent only when chosen (audio and watermark always go, as in version 1).
	for (const field of OFF_UNLESS_CHOSEN) if (body[field] === false) delete body[field];
	for (const field of OPTIONAL_TEXT_FIELDS) {
		if (body[field] === undefined || body[field] === null) delete body[field];
		else if (typeof body[field] !== 'string') body[field] = String(body[field]);
		if (typeof body[field] === 'string' && (body[field] as string).trim() === '') delete body[field];
	}
	checkPrompt(body, model, fail);
	if (typeof body.payload === 'string' && body.payload.length > PAYLOAD_MAX_CHARS) {
		throw fail(`Payload is ${body.payload.length} characters long: at most ${PAYLOAD_MAX_TEXT} are allowed`);
	}
	checkDuration(body, model, fail);
	if (body.seed !== undefined) {
		body.seed = toWholeNumber(body.seed, 'Seed', 0, NO_LIMIT, fail);
		if (body.seed === 0) delete body.seed;
	}
	const at = (limit: { source?: string } | undefined) => fromProviderDocs(limit);
	const resolution = model.resolution;
	if (resolution && at(resolution)) {
		const values = resolution.byDuration?.[body.duration as number]?.values ?? resolution.values;
		const forDuration = resolution.byDuration ? ` at ${body.duration as number} s` : '';
		oneOf(body, 'resolution', values, `Resolution of ${model.name}${forDuration}`, fail);
	}
	if (at(model.aspectRatio)) oneOf(body, 'aspect_ratio', model.aspectRatio!.values, 'Aspect Ratio', fail);
	if (at(model.style)) oneOf(body, 'style', model.style!.values, 'Style', fail);
	if (at(model.movement)) oneOf(body, 'movement_amplitude', model.movement!.values, 'Movement Amplitude', fail);
	if (body.audio !== true) delete body.voice_id;
	if (body.watermark !== true) {
		delete body.wm_position;
		delete body.wm_url;
	} else if (body.wm_position !== undefined && model.watermark?.position === 'number') {
		body.wm_position = toWholeNumber(body.wm_position, 'Watermark Position', 1, at(model.watermark) ? WATERMARK_POSITION_NAMES.length : NO_LIMIT, fail);
	} else if (at(model.watermark)) {
		oneOf(body, 'wm_position', WATERMARK_POSITION_NAMES, 'Watermark Position', fail);
	}
	if (body.off_peak === true && body.audio === true && at(model.offPeak)) {
		throw fail('Off-Peak Mode cannot be combined with Audio', 'The provider does not generate audio in off-peak mode: turn one of them off.');
	}
	for (const [field, label] of URL_FIELDS) {
		if (typeof body[field] === 'string') body[field] = checkHttpUrl(node, body[field] as string, label, itemIndex);
	}
}

function checkPrompt(body: IDataObject, model: ModelSpec, fail: Fail) {
	if (model.prompt.required && body.prompt === undefined) {
		throw fail(`The prompt is empty: ${MODE_NAMES[model.mode]} needs one`, 'Describe the video in Prompt.');
	}
	const max = model.prompt.maxChars;
	if (max && fromProviderDocs(model.prompt) && typeof body.prompt === 'string' && [...body.prompt].length > max) {
		throw fail(`Prompt is ${[...body.prompt].length} characters long: ${model.name} takes at most ${max}`);
	}
}

function checkDuration(body: IDataObject, model: ModelSpec, fail: Fail) {
	const limit = model.duration;
	if (body.duration === undefined || !limit) return;
	if (!fromProviderDocs(limit)) {
		body.duration = toWholeNumber(body.duration, 'Duration', 1, NO_LIMIT, fail);
		return;
	}
	if (isRange(limit)) {
		body.duration = toWholeNumber(body.duration, `Duration of ${model.name}`, limit.min, limit.max, fail);
		return;
	}
	const duration = toWholeNumber(body.duration, 'Duration', 1, NO_LIMIT, fail);
	if (!limit.values.includes(duration)) {
		throw fail(`Duration of ${model.name} must be ${limit.values.join(' or ')} seconds, not "${duration}"`);
	}
	body.duration = duration;
}
