/**
 * The keys a zod object schema accepts at a path, for "did you mean" hints on unknown keys.
 * Walks zod 4's schema definitions through the wrappers this config uses.
 */
import type { z } from 'zod';

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  element?: z.ZodType;
}

function defOf(schema: z.ZodType): SchemaDef {
  return (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
}

/** Strip optional/default/prefault/nullable/pipe wrappers down to the schema that checks the value. */
function unwrap(schema: z.ZodType): z.ZodType {
  for (;;) {
    const def = defOf(schema);
    if (def.innerType) schema = def.innerType;
    else if (def.type === 'pipe' && def.out) schema = def.out;
    else return schema;
  }
}

export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let schema = unwrap(root);
  for (const segment of path) {
    const def = defOf(schema);
    if (def.type === 'object' && def.shape && typeof segment === 'string' && def.shape[segment]) {
      schema = unwrap(def.shape[segment]);
    } else if (def.type === 'array' && def.element && typeof segment === 'number') {
      schema = unwrap(def.element);
    } else {
      return [];
    }
  }
  const def = defOf(schema);
  return def.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}
