/** The kymflow command line (picocli). */
package org.kymflow.cli;
