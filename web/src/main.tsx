// antd 5's official React 19 shim; it must run before antd renders anything.
import '@ant-design/v5-patch-for-react-19';
import './i18n/i18n';
import './main.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter } from 'react-router-dom';
import { App } from './app';
import { loadSession } from './auth/session';
import { buildRouteObjects } from './router';

const router = createBrowserRouter(buildRouteObjects());
void loadSession();

const container = document.getElementById('root');
if (!container) throw new Error('missing #root element');
createRoot(container).render(
  <StrictMode>
    <App router={router} />
  </StrictMode>,
);
