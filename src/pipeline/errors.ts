// Errors that stop a run with a clear message for the user (no stack trace needed).

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidConfig: 3,
  unreadableInput: 4,
  rejectedIdList: 5,
  lockHeld: 6,
  checkFailed: 7,
  interrupted: 9,
  okWithDiscrepancies: 10,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error caused by the user's input or config, shown as its message alone. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, EXIT.invalidConfig);
    this.name = 'ConfigError';
  }
}

export class InputError extends UserError {
  constructor(message: string) {
    super(message, EXIT.unreadableInput);
    this.name = 'InputError';
  }
}
