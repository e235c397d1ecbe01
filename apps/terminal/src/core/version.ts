import terminalPackage from '../../package.json' with { type: 'json' }

/** The firmware version reported to the server: the terminal package's version, fixed at build. */
export const TERMINAL_VERSION: string = terminalPackage.version
