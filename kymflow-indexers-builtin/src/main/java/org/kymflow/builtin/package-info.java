/** Placeholder until this module is built. */
package org.kymflow.builtin;
