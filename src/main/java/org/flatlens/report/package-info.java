/**
 * Figures, tables and the HTML report. Formats results; never computes them.
 *
 * <p>May import: experiments and analysis.* (their result records), tensor.
 */
package org.flatlens.report;
