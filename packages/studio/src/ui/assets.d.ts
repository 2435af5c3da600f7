// CSS imported by the page is bundled by Vite.
declare module '*.css';
