/** Built-in analyses and the canonical-JSON params hashing they share with plugins. */
package org.kymflow.builtin;
