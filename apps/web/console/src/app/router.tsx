import { createBrowserRouter, Navigate } from 'react-router';

import { Layout } from './layout';
import { SignInRoute, SignUpRoute } from './routes/auth';
import { InterviewRoute } from './routes/interviews';
import { PersonasRoute } from './routes/personas';
import { EditProductRoute, NewProductRoute, ProductsRoute } from './routes/products';
import { NewStudyRoute, StudiesRoute, StudyRoute } from './routes/studies';

export const createRouter = () =>
  createBrowserRouter([
    { path: '/sign-in', element: <SignInRoute /> },
    { path: '/sign-up', element: <SignUpRoute /> },
    {
      element: <Layout />,
      children: [
        { index: true, element: <Navigate to="/studies" replace /> },
        { path: 'studies', element: <StudiesRoute /> },
        { path: 'studies/new', element: <NewStudyRoute /> },
        { path: 'studies/:id', element: <StudyRoute /> },
        { path: 'studies/:id/interviews/:personaId', element: <InterviewRoute /> },
        { path: 'products', element: <ProductsRoute /> },
        { path: 'products/new', element: <NewProductRoute /> },
        { path: 'products/:id/edit', element: <EditProductRoute /> },
        { path: 'personas', element: <PersonasRoute /> },
        { path: '*', element: <Navigate to="/studies" replace /> },
      ],
    },
  ]);
