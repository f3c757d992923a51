/** Signs pagination cursors outside production when neither CURSOR_SECRET nor JWT_SECRET is set (src/config.ts). */
export const DEV_CURSOR_SECRET = 'dev-only-insecure-cursor-secret-do-not-use-in-production';
