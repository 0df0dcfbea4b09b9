/** What a language model's live sample continues (the page and the dashboard print it before the sample). */
export const SAMPLE_PROMPT = 'The whale ';
