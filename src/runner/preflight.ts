// What a cell needs from the shell before it may run (hosts it will contact, stored secrets it
// names, other cells' results) is its kind's `preflight`, computed in the worker from the one
// checked spec and sent to the shell (RunHooks.preflight); nothing on the shell's thread checks a spec.

export { isLoopback } from '../net/loopback';
