// The words of the emails Ferry sends, in French (see en.ts).
import type { MailWords } from './en.js';

export { plural } from '../web/fr.js';

const messages: MailWords = {
  downloadedSubject: (name: string) => `Votre fichier ${name} a été téléchargé`,
  downloaded: (name: string, size: string, upload: string) =>
    `Votre fichier « ${name} » (${size} envoyés) de l’envoi ${upload} vient d’être téléchargé.`,
  downloadedWhy:
    'Vous recevez ce courriel parce que vous avez demandé à être prévenu des téléchargements de cet envoi ; désactivez-le sur sa page.',
  sharedSubject: (sender: string) => `${sender} a partagé des fichiers avec vous`,
  shared: (sender: string) => `${sender} a partagé des fichiers avec vous sur Ferry.`,
  resetSubject: 'Réinitialisez votre mot de passe Ferry',
  reset: (login: string, minutes: string) =>
    `Quelqu’un a demandé à réinitialiser le mot de passe du compte Ferry ${login}. Pour en choisir un nouveau, ouvrez ce lien dans les ${minutes} minutes :`,
  resetIgnore: 'Si ce n’était pas vous, ignorez ce courriel : votre mot de passe reste inchangé.',
  requestSubject: (title: string) => `Un fichier est arrivé pour votre demande ${title}`,
  requestArrived: (from: string, file: string, size: string, title: string) =>
    `${from} a envoyé « ${file} » (${size}) par votre demande « ${title} ».`,
  someone: 'Quelqu’un',
  inviteSubject: (sender: string) => `${sender} vous invite sur Ferry`,
  invite: (sender: string) =>
    `${sender} vous invite à créer un compte sur Ferry, un serveur de partage de fichiers. Pour choisir votre identifiant et votre mot de passe, ouvrez ce lien :`,
  inviteUntil: (date: string) => `Le lien crée un seul compte, jusqu’au ${date} (UTC).`,
  inviteIgnore: 'Si vous ne savez pas qui l’a envoyé, ignorez ce courriel.',
};

export default messages;
