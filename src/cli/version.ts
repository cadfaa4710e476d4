/** The package version, injected by the bundler (`scripts/build.mjs`); `0.0.0-dev` when run from `out/`. */
declare const __VERSION__: string | undefined;
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
