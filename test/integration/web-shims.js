// Globals the web-worker bundle of the suite needs (npm `assert` reads `process`).
import process from 'process/browser.js';
export { process };
