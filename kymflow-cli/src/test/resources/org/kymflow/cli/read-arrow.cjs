// The independent reader of our Arrow files: the apache-arrow npm package under Node.
// Prints, per file: the row count, and per column its name, Arrow type, nullability, null count,
// the sum of its finite numbers (numeric columns) or its first value (text and booleans).
'use strict';
const fs = require('fs');
const { tableFromIPC } = require('apache-arrow');
const out = {};
for (const file of process.argv.slice(2)) {
  const table = tableFromIPC(fs.readFileSync(file));
  const columns = table.schema.fields.map((field, i) => {
    const vector = table.getChildAt(i);
    let nulls = 0;
    let sum = 0;
    for (let r = 0; r < table.numRows; r++) {
      const v = vector.get(r);
      if (v === null) { nulls++; continue; }
      const n = typeof v === 'bigint' ? Number(v) : v;
      if (typeof n === 'number' && Number.isFinite(n)) sum += n;
    }
    const first = table.numRows > 0 ? vector.get(0) : null;
    return { name: field.name, type: String(field.type), nullable: field.nullable, nulls, sum,
      first: typeof first === 'bigint' ? Number(first) : first };
  });
  out[file] = { rows: table.numRows, columns };
}
process.stdout.write(JSON.stringify(out));
