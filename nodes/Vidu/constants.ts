import { SEED_MODEL } from './models/catalogue';
import type { RangeLimit } from './models/types';

/** The API's paths and the provider's shared limits; version 1's model and its limits come from the catalogue. */
export const MODEL_ID = SEED_MODEL.id;
/** The credential's `name` (written out there too: n8n's lint reads it as a literal). */
export const CREDENTIAL_TYPE = 'vtrixApi';
export const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

export const CREATE_PATH = '/model/v1/generation';
const TASK_PATH = '/model/v1/generation/task/';

/** A task's path: the id is one encoded segment, so "../x" or "a/b?c" cannot change the path or the query. */
export const taskPath = (taskId: string) => `${TASK_PATH}${encodeURIComponent(taskId)}`;

export const MB = 1024 * 1024;
export const IMAGE_MAX_MB = 50;
export const IMAGE_MAX_BYTES = IMAGE_MAX_MB * MB;
export const REQUEST_BODY_MAX_MB = 20;
export const REQUEST_BODY_MAX_BYTES = REQUEST_BODY_MAX_MB * MB;
/** Base64 makes an inline image a third larger, so about this much of it fits into one request. */
export const INLINE_IMAGE_MAX_MB = Math.floor((REQUEST_BODY_MAX_MB * 3) / 4);
export const toMegabytes = (bytes: number) => (bytes / MB).toFixed(1);
export const PROMPT_MAX_CHARS = SEED_MODEL.prompt.maxChars as number;
export const PAYLOAD_MAX_CHARS = 1_048_576;
export const PAYLOAD_MAX_TEXT = PAYLOAD_MAX_CHARS.toLocaleString('en-US');
const seedDuration = SEED_MODEL.duration as RangeLimit;
export const DURATION_MIN = seedDuration.min;
export const DURATION_MAX = seedDuration.max;
export const DURATION_DEFAULT = seedDuration.default;
/** The API's wm_position is the 1-based index in this list. */
export const WATERMARK_POSITIONS = ['Top Left', 'Top Right', 'Bottom Right', 'Bottom Left'];
export const WATERMARK_POSITION_DEFAULT = 3;
/** Aspect ratio (long side ÷ short side) may be at most 4. */
export const MAX_ASPECT_RATIO = 4;
export const ASPECT_RATIO_RANGE = `1:${MAX_ASPECT_RATIO} and ${MAX_ASPECT_RATIO}:1`;
export const RESOLUTIONS = SEED_MODEL.resolution!.values;
export const MOVEMENT_AMPLITUDES = SEED_MODEL.movement!.values;
