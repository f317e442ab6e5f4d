/**
 * A small, JDK-only, immutable columnar table: the data frame that KymFlow storage reads and writes
 * and that indexers return. Start at {@link org.kymflow.table.Table}.
 */
package org.kymflow.table;
