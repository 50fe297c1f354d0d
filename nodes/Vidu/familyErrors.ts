import type { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { choiceText, durationText } from './models/limitText';
import type { ModelSpec } from './models/types';

/** The provider's codes for a refused duration and resolution (compared as numbers: they have leading zeros). */
const DURATION_INVALID = 8007004;
const RESOLUTION_INVALID = 8007005;

/**
 * A create the API refused (400), in the chosen model's words: the node checks before sending only what the
 * provider's docs state, so a refused duration or resolution names what is known of that model, and where from.
 */
export function inModelWords<T extends NodeApiError | NodeOperationError>(error: T, model: ModelSpec): T {
	if ((error as { httpCode?: string | null }).httpCode !== '400') return error;
	const code = Number((error as { errorResponse?: { code?: unknown } }).errorResponse?.code);
	if (code === DURATION_INVALID && model.duration) {
		error.message = `The duration is invalid for ${model.id} (known: ${durationText(model.duration)})`;
	} else if (code === RESOLUTION_INVALID && model.resolution) {
		error.message = `The resolution is invalid for ${model.id} (known: ${choiceText(model.resolution)})`;
	}
	error.description = [error.description, `Model: ${model.id}.`].filter(Boolean).join(error.description?.endsWith('.') ? ' ' : '. ');
	return error;
}
