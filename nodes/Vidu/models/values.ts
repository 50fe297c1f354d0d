/** Value lists several models share; each model still names its own source for them. */
export const MOVEMENT_AMPLITUDES = ['auto', 'small', 'medium', 'large'];
export const RESOLUTIONS_540_TO_1080 = ['540p', '720p', '1080p'];
export const RESOLUTIONS_720_TO_1080 = ['720p', '1080p'];
export const ASPECT_RATIOS_FIVE = ['16:9', '9:16', '3:4', '4:3', '1:1'];
export const ASPECT_RATIOS_THREE = ['16:9', '9:16', '1:1'];
export const PROMPT_CHARS_Q2 = 2000;
export const PROMPT_CHARS_Q3 = 5000;
/** wm_position by name, where a model takes names (the extend pages); elsewhere its 1-based index is sent. */
export const WATERMARK_POSITION_NAMES = ['top_left', 'top_right', 'bottom_right', 'bottom_left'];
