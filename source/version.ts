// Replaced at build time by esbuild (scripts/build.mjs) with package.json's version.
declare const __DOCKNET_VERSION__: string | undefined;
export const VERSION: string = typeof __DOCKNET_VERSION__ === 'string' ? __DOCKNET_VERSION__ : '0.0.0-dev';
