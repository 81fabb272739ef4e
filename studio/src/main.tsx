import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { installStaleBuildRecovery } from './lib/staleBuild';

// A part of the build that fails to load (a tab older than the server's build) reloads onto the new one: docs/studio.md "After a deploy".
installStaleBuildRecovery();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
