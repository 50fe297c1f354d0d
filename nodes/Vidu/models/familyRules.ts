/** Rules the provider's docs state for a whole mode rather than per model (VIDU-FAMILY.md §3). */

/** First frame's aspect ratio ÷ last frame's. */
export const FRAME_PAIR_RATIO = { min: 0.8, max: 1.25, source: 'D-pse2v' };

/** Reference images: how many, and their smallest side in pixels. */
export const REFERENCE_IMAGES = { min: 1, max: 7, minPixels: 128, source: 'D-q2r2v' };

/** The video an extension continues: its length in seconds (not checked: the node does not read videos). */
export const EXTEND_SOURCE_SECONDS = { min: 4, max: 60, source: 'D-pext' };
