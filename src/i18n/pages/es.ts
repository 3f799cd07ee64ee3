// The words of the pages the server draws, in Spanish (see en.ts).
import web from '../web/es.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/es.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Se necesita contraseña',
  protectedDownload: 'Esta descarga está protegida con contraseña.',
  needsKey: 'Este archivo está cifrado y a este enlace le falta su clave: pide el enlace completo.',
  availableUntil: (date) => `Disponible hasta el ${date}.`,
  error: (status, message) => `Error ${status}: ${message}`,
  goHome: (name: string) => `Ir a la página de inicio de ${name}`,
  waitThenRetry: (seconds) => `Espera ${seconds} s y vuelve a intentarlo.`,
  gone: {
    title: 'Aquí no hay nada que descargar',
    advice:
      'Este enlace no lleva a ninguna parte, o a algo que ya no existe: caducó, se eliminó, o era un enlace de un solo uso (o con límite de descargas) que ya se usó. Comprueba que el enlace se copió entero, o pide uno nuevo a quien te lo envió.',
  },
  badRequest: {
    title: 'Esta solicitud no es válida',
    advice: 'Comprueba que el enlace se copió entero, o pide uno nuevo a quien te lo envió.',
  },
  signInNeeded: {
    title: 'Hay que iniciar sesión',
    advice:
      'Esto necesita una contraseña o una cuenta con sesión iniciada: inicia sesión en la página de inicio, o pide la contraseña a quien te envió el enlace.',
  },
  forbidden: {
    title: 'No permitido',
    advice:
      'Este enlace o esta cuenta no puede hacer esto. Si crees que debería, pregunta a quien te envió el enlace o al administrador del servidor.',
  },
  tooLarge: {
    title: 'Demasiado grande',
    advice: 'Es más de lo que acepta el servidor: prueba con algo más pequeño, o pregunta al administrador del servidor por sus límites.',
  },
  badRange: { title: 'Fuera del archivo', advice: 'La parte del archivo pedida queda fuera de él: vuelve a descargar el archivo entero.' },
  tooMany: { title: 'Demasiados intentos', advice: 'Espera un poco y vuelve a intentarlo.' },
  full: {
    title: 'El servidor está lleno',
    advice: 'Ahora no le queda espacio: vuelve a intentarlo más tarde, o avisa al administrador del servidor.',
  },
  clientError: { title: 'Esto no ha funcionado', advice: 'Vuelve a intentarlo; si sigue fallando, pregunta a quien te envió el enlace.' },
  serverError: {
    title: 'Algo salió mal en el servidor',
    advice: 'Vuelve a intentarlo en un momento; si sigue pasando, avisa al administrador del servidor.',
  },
};

export default messages;
