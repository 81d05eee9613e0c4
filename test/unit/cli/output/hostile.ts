/** Values a user's function may return or throw that break naive serialization. */

/** An object whose enumerable `boom` getter throws. */
export function throwingGetter(message = "getter boom"): object {
  const value = { fine: 1 };
  Object.defineProperty(value, "boom", {
    enumerable: true,
    get() {
      throw new Error(message);
    },
  });
  return value;
}

/** An object whose `toJSON` throws. */
export function throwingToJson(): object {
  return {
    toJSON() {
      throw new Error("toJSON boom");
    },
  };
}

/** `{ a: { a: { … } } }`, `depth` levels deep. */
export function deeplyNested(depth: number): object {
  let value: object = {};
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** A thrown value whose `name` getter throws. */
export function errorWithThrowingName(): Error {
  const error = new Error("the message");
  Object.defineProperty(error, "name", {
    get() {
      throw new Error("name getter boom");
    },
  });
  return error;
}

/** A proxy every operation of which throws, even `instanceof` and conversion to a string. */
export function hostileProxy(): object {
  const trap = () => {
    throw new Error("trap boom");
  };
  return new Proxy(
    {},
    {
      get: trap,
      getPrototypeOf: trap,
      ownKeys: trap,
      getOwnPropertyDescriptor: trap,
      has: trap,
    },
  );
}
