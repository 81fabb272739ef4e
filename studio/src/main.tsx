import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { App } from './App';
import { adoptPathRoute } from './lib/router';
import { installStaleBuildRecovery } from './lib/staleBuild';

// A part of the build that fails to load (a tab older than the server's build) reloads onto the new one: docs/studio.md "After a deploy".
installStaleBuildRecovery();

// /studio/journeys/<id> (typed, or shared without its #) opens that journey, not the list: the routes live after the #.
adoptPathRoute(import.meta.env.BASE_URL);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
