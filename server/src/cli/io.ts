/** The process streams a command writes to (tests and the entry point pass the real ones). */
export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  cores: number;
}
