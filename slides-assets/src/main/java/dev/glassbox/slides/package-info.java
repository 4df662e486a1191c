/** slides-assets */
package dev.glassbox.slides;
