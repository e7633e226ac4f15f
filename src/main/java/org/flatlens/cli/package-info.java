/**
 * The flatlens command line (picocli). Nothing imports this package.
 *
 * <p>May import: everything.
 */
package org.flatlens.cli;
