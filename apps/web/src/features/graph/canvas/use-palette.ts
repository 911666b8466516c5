/**
 * The theme's colours for cytoscape, read from the CSS variables and read again when the theme
 * switch changes `data-theme` on the document element.
 */
import { useEffect, useState } from 'react';
import type { Palette } from './styles.ts';
import { readPalette } from './styles.ts';

export function usePalette(): Palette {
  const [palette, setPalette] = useState(() => readPalette(document.documentElement));
  useEffect(() => {
    const root = document.documentElement;
    const observer = new MutationObserver(() => {
      setPalette(readPalette(root));
    });
    observer.observe(root, { attributes: true, attributeFilter: ['data-theme', 'class', 'style'] });
    return () => {
      observer.disconnect();
    };
  }, []);
  return palette;
}
