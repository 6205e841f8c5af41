/** Errors that name the file (and line) a bad import came from. They are InputErrors, so the CLI prints them without a stack. */
import { InputError } from '../wire/convert.js';

/** A bad record: `events.csv:17: /type: must be one of ...`. */
export class RecordError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number,
    field: string,
    reason: string,
  ) {
    super(field, reason);
    this.name = 'RecordError';
    this.message = `${file}:${line}: ${field ? `${field}: ` : ''}${reason}`;
  }

  /** Places an error from the wire validators or converters at a file and line. */
  static at(file: string, line: number, error: InputError): RecordError {
    const prefix = `${error.field}: `;
    const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
    return new RecordError(file, line, error.field, reason);
  }
}

export class MissingFileError extends InputError {
  constructor(readonly file: string) {
    super(file, 'does not exist');
    this.name = 'MissingFileError';
  }
}
