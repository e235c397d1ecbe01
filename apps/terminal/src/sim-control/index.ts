export { scanCredential } from './scan-credential'
export { type SimControl, startSimControl } from './sim-control-server'
export { simTemplate } from './sim-template'
export { terminalState } from './state'
