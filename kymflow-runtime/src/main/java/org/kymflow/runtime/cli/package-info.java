/** The kymflow command line (picocli). */
package org.kymflow.runtime.cli;
