// ConnectionString as plikd.cfg writes it for PostgreSQL and MySQL (the Go drivers' DSNs) or as a URL.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { mysqlUrl, postgresUrl } from '../../src/metadata/connection-string.js';
import { BACKEND, createTestMetadata } from '../helpers/backends.js';
import { startTestFerry } from '../helpers/ferry.js';
import { createUpload } from '../helpers/plik-client.js';

describe('ConnectionString', () => {
  it('passes URLs through', () => {
    expect(postgresUrl('postgresql://ferry:pw@db:5432/ferry?sslmode=require')).toBe('postgresql://ferry:pw@db:5432/ferry?sslmode=require');
    expect(mysqlUrl('mysql://root@127.0.0.1:3306/ferry')).toBe('mysql://root@127.0.0.1:3306/ferry');
  });

  it("reads lib/pq's key=value form, quoted values included", () => {
    const url = new URL(postgresUrl("host=db.internal port=6432 user=plik password='p@ss w\\'rd' dbname=plik sslmode=disable"));
    expect(url).toMatchObject({ hostname: 'db.internal', port: '6432', username: 'plik', pathname: '/plik' });
    expect(decodeURIComponent(url.password)).toBe("p@ss w'rd");
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(new URL(postgresUrl('host=/var/run/postgresql dbname=plik')).searchParams.get('host')).toBe('/var/run/postgresql');
  });

  it("reads go-sql-driver's user:password@tcp(host:port)/db?params form", () => {
    const url = new URL(mysqlUrl('plik:s3cr@t@tcp(db.internal:3307)/plik?charset=utf8mb4,utf8&parseTime=True&loc=Local'));
    expect(url).toMatchObject({ hostname: 'db.internal', port: '3307', username: 'plik', pathname: '/plik' });
    expect(decodeURIComponent(url.password)).toBe('s3cr@t');
    expect([...url.searchParams]).toEqual([['charset', 'utf8mb4']]);
    expect(new URL(mysqlUrl('root@unix(/run/mysqld/mysqld.sock)/plik')).searchParams.get('socketPath')).toBe('/run/mysqld/mysqld.sock');
    expect(new URL(mysqlUrl('/plik'))).toMatchObject({ hostname: '127.0.0.1', port: '3306', username: '', pathname: '/plik' });
  });

  it('is required for postgres and mysql', () => {
    expect(() => loadConfig({ flags: { MetadataBackendConfig: { Driver: 'postgres' } } })).toThrow(
      /MetadataBackendConfig.ConnectionString.*required/,
    );
  });

  it.skipIf(BACKEND === 'sqlite')(`starts Ferry on ${BACKEND} from the Go driver's DSN of a plikd.cfg`, async () => {
    const metadata = await createTestMetadata(BACKEND);
    try {
      const url = new URL(String(metadata.config.ConnectionString));
      const dsn =
        BACKEND === 'postgres'
          ? `host=${url.hostname} port=${url.port} user=${url.username} dbname=${url.pathname.slice(1)} options='${url.searchParams.get('options')}'`
          : `${url.username}@tcp(${url.host})${url.pathname}?parseTime=True&loc=Local`;
      const ferry = await startTestFerry({ MetadataBackendConfig: { ...metadata.config, ConnectionString: dsn } });
      try {
        const upload = await createUpload(ferry.url);
        expect((await fetch(`${ferry.url}/upload/${upload.id}`)).status).toBe(200);
      } finally {
        await ferry.close();
      }
    } finally {
      await metadata.drop();
    }
  });
});
