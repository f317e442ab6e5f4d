/** Example plugin. */
package org.example.kymflow;
