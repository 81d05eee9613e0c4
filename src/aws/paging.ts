/**
 * A view of `client` for the SDK's paginators whose `send` is `send`: the paginators insist on
 * an instance of the service's client class, and this one inherits everything else from
 * `client`. So every page goes through the caller's door (its limits and retries).
 */
export function clientSendingThrough<C extends object>(client: C, send: unknown): C {
  return Object.create(client, { send: { value: send } }) as C;
}
