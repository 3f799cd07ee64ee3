// What GET /branding answers: BrandingFile's look as the web page shows it. Imports TypeBox only: the web page
// imports this type without any JavaScript.
import { Type, type Static } from 'typebox';

export const BrandingSchema = Type.Object({
  name: Type.String({ description: 'The name the pages show instead of "Ferry"', examples: ['Acme Files'] }),
  logo: Type.Union([Type.String(), Type.Null()], {
    description: "The logo's URL: relative to the server's Path for a file Ferry serves, else the image's own",
  }),
  footer: Type.String({ description: 'Text for the footer of every page' }),
  stylesheet: Type.Union([Type.String(), Type.Null()], { description: "The brand's stylesheet, relative to the server's Path" }),
});
export type PublicBranding = Static<typeof BrandingSchema>;
