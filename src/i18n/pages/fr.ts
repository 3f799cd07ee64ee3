// The words of the pages the server draws, in French (see en.ts).
import web from '../web/fr.js';
import type { PageMessages } from './en.js';

// The words the page and these pages share, and the plural forms, are the web page's.
export { plural } from '../web/fr.js';

const messages: PageMessages = {
  password: web.password,
  wrongPassword: web.wrongPassword,
  download: web.download,
  files: web.files,
  downloadsLeft: web.downloadsLeft,
  downloadAllZip: web.downloadAllZip,
  passwordRequired: 'Mot de passe requis',
  protectedDownload: 'Ce téléchargement est protégé par un mot de passe.',
  needsKey: 'Ce fichier est chiffré et ce lien n’a pas sa clé : demandez le lien complet.',
  availableUntil: (date) => `Disponible jusqu’au ${date}.`,
  error: (status, message) => `Erreur ${status} : ${message}`,
  goHome: (name: string) => `Aller à l’accueil de ${name}`,
  waitThenRetry: (seconds) => `Attendez ${seconds} s, puis réessayez.`,
  gone: {
    title: 'Rien à télécharger ici',
    advice:
      'Ce lien ne mène nulle part, ou à quelque chose qui a disparu : il a expiré, a été supprimé, ou était un lien à usage unique (ou à téléchargements limités) déjà utilisé. Vérifiez que le lien a été copié en entier, ou demandez-en un nouveau à qui vous l’a envoyé.',
  },
  badRequest: {
    title: 'Cette requête n’est pas valide',
    advice: 'Vérifiez que le lien a été copié en entier, ou demandez-en un nouveau à qui vous l’a envoyé.',
  },
  signInNeeded: {
    title: 'Connexion nécessaire',
    advice:
      'Il faut un mot de passe ou un compte connecté : connectez-vous sur la page d’accueil, ou demandez son mot de passe à qui vous a envoyé le lien.',
  },
  forbidden: {
    title: 'Accès refusé',
    advice:
      'Ce lien ou ce compte ne peut pas faire cela. Si vous pensez que si, demandez à qui vous a envoyé le lien, ou à l’administrateur du serveur.',
  },
  tooLarge: {
    title: 'Trop volumineux',
    advice: 'C’est plus que ce que le serveur accepte : essayez plus petit, ou interrogez l’administrateur du serveur sur ses limites.',
  },
  badRange: {
    title: 'Hors du fichier',
    advice: 'La partie du fichier demandée se trouve en dehors : téléchargez à nouveau le fichier entier.',
  },
  tooMany: { title: 'Trop de tentatives', advice: 'Attendez un peu, puis réessayez.' },
  full: {
    title: 'Le serveur est plein',
    advice: 'Il n’a plus de place pour l’instant : réessayez plus tard, ou prévenez l’administrateur du serveur.',
  },
  clientError: { title: 'Cela n’a pas marché', advice: 'Réessayez ; si l’échec persiste, demandez à qui vous a envoyé le lien.' },
  serverError: {
    title: 'Une erreur s’est produite sur le serveur',
    advice: 'Réessayez dans un instant ; si cela continue, prévenez l’administrateur du serveur.',
  },
};

export default messages;
