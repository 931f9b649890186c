// Just the part of memjs 1.3 the probe uses (the package ships no types).
declare module 'memjs' {
  interface ServerLike {
    host: string;
    port: number;
    _socket?: import('node:net').Socket;
    /** Set once the socket is connected and, with SASL, authenticated. */
    connected?: boolean;
    error(err: unknown): void;
    /** 'authenticated' is emitted each time a connection becomes ready (with or without SASL). */
    on(event: 'authenticated', listener: () => void): void;
  }
  interface ClientOptions {
    retries?: number;
    retry_delay?: number;
    timeout?: number;
    conntimeout?: number;
    keepAlive?: boolean;
    failover?: boolean;
    username?: string;
    password?: string;
    logger?: { log(...args: unknown[]): void };
  }
  class Client {
    static create(servers?: string, options?: ClientOptions): Client;
    servers: ServerLike[];
    /** The counter memjs increments, then puts in each request's opaque. */
    seq: number;
    get(key: string, cb: (err: unknown, value: Buffer | null, flags: unknown) => void): void;
    set(key: string, value: Buffer | string, options: { expires?: number }, cb: (err: unknown, ok: boolean | null) => void): void;
    close(): void;
  }
  const memjs: { Client: typeof Client };
  export default memjs;
  export { Client };
}
